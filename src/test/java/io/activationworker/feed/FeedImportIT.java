package io.activationworker.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.activationworker.testing.Feeds;
import io.activationworker.testing.TestApp;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The import rules that need the database: ownership, keys registered elsewhere, nothing lost. */
class FeedImportIT {

    private TestApp app;

    @BeforeEach
    void start() {
        app = TestApp.start(Map.of(), Clock.systemUTC(), false, false);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private static String otherPartner(String number, String key) {
        return """
                schema: 1
                partner: { id: contoso-reseller, name: "Contoso Reseller" }
                agreements:
                  - number: %s
                    customer: { tenant: litware.example, name: "Litware" }
                    onlineAdministrator: { name: "Lee", email: lee@litware.example }
                    keys:
                      - { key: "%s", product: "Microsoft 365 Business Premium", seats: 5, termMonths: 12 }
                """.formatted(number, key);
    }

    @Test
    void another_partner_cannot_change_an_agreement() {
        app.importFeed("northwind.yaml", Feeds.standard());
        ImportReport report = app.importFeed("contoso.yaml", otherPartner("V1234567", Feeds.KEY_C));
        assertThat(report.rejections()).singleElement().asString()
                .endsWith("contoso.yaml:4: agreement V1234567: the agreement number belongs to another partner");
        assertThat(app.text("select customer_name from agreement where number = 'V1234567'")).isEqualTo("Fabrikam NV");
        assertThat(app.count("select count(*) from product_key where partner_id = 'contoso-reseller'")).isZero();
    }

    @Test
    void a_key_registered_on_another_agreement_is_refused_and_the_rest_is_imported() {
        app.importFeed("northwind.yaml", Feeds.standard());
        String feed = otherPartner("V5550001", Feeds.KEY_A) + """
                  - number: V5550002
                    customer: { tenant: tailspin.example, name: "Tailspin" }
                    onlineAdministrator: { name: "Tom", email: tom@tailspin.example }
                    keys:
                      - { key: "%s", product: "Microsoft 365 Business Premium", seats: 5, termMonths: 12 }
                """.formatted(Feeds.KEY_C);
        ImportReport report = app.importFeed("contoso.yaml", feed);
        assertThat(report.rejections()).singleElement().asString()
                .contains("agreement V5550001: key …9CB4P is already registered elsewhere");
        assertThat(report.agreementsNew()).isEqualTo(1);
        assertThat(app.count("select count(*) from agreement where number = 'V5550002'")).isEqualTo(1);
        assertThat(app.count("select count(*) from agreement where number = 'V5550001'")).isZero();
    }

    @Test
    void a_file_that_does_not_parse_changes_nothing() {
        app.importFeed("northwind.yaml", Feeds.standard());
        long before = app.count("select count(*) from agreement") + app.count("select count(*) from product_key");
        Path bad = app.writeFeed("northwind.yaml", Feeds.standard().replace("agreements:", "agreements: [") );
        assertThatThrownBy(() -> app.services.feedReader().read(bad))
                .isInstanceOf(FeedFileRejectedException.class)
                .hasMessageMatching(".*northwind.yaml:\\d+:\\d+: .*");
        assertThat(app.count("select count(*) from agreement") + app.count("select count(*) from product_key"))
                .isEqualTo(before);
    }

    @Test
    void an_agreement_missing_from_a_later_feed_is_kept() {
        app.importFeed("northwind.yaml", Feeds.standard());
        ImportReport report = app.importFeed("northwind.yaml", """
                schema: 1
                partner: { id: northwind-partners, name: "Northwind Partners BV" }
                agreements: []
                """);
        assertThat(report.missingFromFeed()).isEqualTo(1);
        assertThat(app.count("select count(*) from agreement where number = 'V1234567'")).isEqualTo(1);
    }

    @Test
    void validate_reports_like_import_and_stores_nothing() {
        FeedDocument doc = app.services.feedReader().read(app.writeUnwatched("northwind.yaml", Feeds.standard()));
        ImportReport dryRun = app.services.feedImporter().validate(doc);
        assertThat(dryRun.agreementsNew()).isEqualTo(1);
        assertThat(dryRun.keysNew()).isEqualTo(1);
        assertThat(dryRun.retailKeysNew()).isEqualTo(4);
        assertThat(app.count("select count(*) from agreement")).isZero();
        assertThat(app.count("select count(*) from outbox_message")).isZero();
    }

    @Test
    void the_watcher_imports_a_changed_file_on_its_next_pass() {
        FeedWatcher watcher = new FeedWatcher(app.dir.resolve("feed"), java.time.Duration.ofHours(1),
                app.services.feedReader(), app.services.feedImporter(), n -> { });
        app.writeFeed("northwind.yaml", Feeds.agreement("Anna de Vries", "anna@fabrikam.example", Feeds.KEY_A));
        watcher.scan();
        assertThat(app.count("select count(*) from product_key")).isEqualTo(1);
        watcher.scan();
        assertThat(app.count("select count(*) from outbox_message")).isEqualTo(1);
        app.writeFeed("northwind.yaml", Feeds.agreement("Anna de Vries", "anna@fabrikam.example", Feeds.KEY_A, Feeds.KEY_B));
        watcher.scan();
        assertThat(app.count("select count(*) from product_key")).isEqualTo(2);
        assertThat(app.count("select count(*) from outbox_message")).isEqualTo(2);
    }
}
