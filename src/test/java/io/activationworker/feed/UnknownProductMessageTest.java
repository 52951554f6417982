package io.activationworker.feed;

import static io.activationworker.feed.FeedFixtures.AGREEMENT;
import static io.activationworker.feed.FeedFixtures.HEADER;
import static io.activationworker.feed.FeedFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.catalogue.ProductCatalogue;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The "unknown product" rejection names the catalogue file the operator configured, wherever it is. */
class UnknownProductMessageTest {

    @TempDir
    Path dir;

    @Test
    void unknown_product_names_the_configured_products_file() {
        Path catalogueFile = write(dir, "our-products.yaml", """
                products:
                  - { name: "Microsoft 365 Business Premium", maxSeats: 300 }
                """);
        FeedReader reader = new FeedReader(ProductCatalogue.load(catalogueFile), FeedReader.DEFAULT_MAX_BYTES);

        FeedDocument document = reader.read(write(dir, "northwind.yaml",
                HEADER + AGREEMENT.replace("\"Microsoft 365 Business Premium\"", "\"Office 97\"")));

        assertThat(document.rejections()).extracting(FeedRejection::toString).singleElement().asString()
                .endsWith("unknown product 'Office 97' (see " + catalogueFile + ")")
                .doesNotContain("config/products.yaml");
    }
}
