package io.activationworker.feed;

import static io.activationworker.feed.FeedFixtures.HEADER;
import static io.activationworker.feed.FeedFixtures.KEY_1;
import static io.activationworker.feed.FeedFixtures.KEY_2;
import static io.activationworker.feed.FeedFixtures.KEY_3;
import static io.activationworker.feed.FeedFixtures.KEY_4;
import static io.activationworker.feed.FeedFixtures.VALID_JSON;
import static io.activationworker.feed.FeedFixtures.VALID_YAML;
import static io.activationworker.feed.FeedFixtures.reader;
import static io.activationworker.feed.FeedFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.key.ProductKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedReaderTest {

    @TempDir
    Path dir;

    @Test
    void valid_yaml_sample_gives_partner_agreements_and_retail_keys_with_their_lines() {
        FeedDocument doc = reader().read(write(dir, "northwind.yaml", VALID_YAML));

        assertThat(doc.rejections()).isEmpty();
        assertThat(doc.partner()).isEqualTo(new FeedPartner("northwind-partners", "Northwind Partners BV"));
        assertThat(doc.agreements()).containsExactly(
                new FeedAgreement(5, "V1234567", "fabrikam.example", "Fabrikam NV", Optional.of("Anna de Vries"),
                        Optional.of("anna@fabrikam.example"), Optional.of("legal@fabrikam.example"), "nl", List.of(
                        new FeedKey(11, ProductKey.parse(KEY_1), "Microsoft 365 Business Premium", 25, 12, Optional.empty()),
                        new FeedKey(12, ProductKey.parse(KEY_2), "Microsoft 365 Business Standard", 5, 24,
                                Optional.of(LocalDate.of(2027, 6, 30))))),
                new FeedAgreement(17, "V7654321", "contoso.example", "Contoso BV", Optional.empty(), Optional.empty(),
                        Optional.of("legal@contoso.example"), "en", List.of(
                        new FeedKey(23, ProductKey.parse(KEY_3), "Microsoft 365 Business Premium", 300, 1, Optional.empty()))));
        assertThat(doc.retailKeys()).containsExactly(
                new FeedKey(25, ProductKey.parse(KEY_4), "Microsoft 365 Business Premium", 5, 12, Optional.empty()));
        assertThat(doc.file()).isEqualTo(dir.resolve("northwind.yaml"));
    }

    @Test
    void the_same_feed_in_json_gives_the_same_result_as_in_yaml() {
        FeedDocument yaml = reader().read(write(dir, "northwind.yaml", VALID_YAML));
        FeedDocument json = reader().read(write(dir, "northwind.json", VALID_JSON));

        assertThat(json.rejections()).isEmpty();
        assertThat(json.partner()).isEqualTo(yaml.partner());
        assertThat(withoutLines(json)).isEqualTo(withoutLines(yaml));
        assertThat(json.agreements()).hasSize(2);
        assertThat(json.retailKeys()).hasSize(1);
    }

    @Test
    void json_lines_point_at_the_opening_brace_of_each_agreement() {
        FeedDocument json = reader().read(write(dir, "northwind.json", VALID_JSON));

        assertThat(json.agreements()).extracting(FeedAgreement::line).containsExactly(5, 17);
    }

    @Test
    void yml_extension_and_a_byte_order_mark_are_accepted() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] text = VALID_YAML.getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[bom.length + text.length];
        System.arraycopy(bom, 0, content, 0, bom.length);
        System.arraycopy(text, 0, content, bom.length, text.length);

        FeedDocument doc = reader().read(write(dir, "northwind.yml", content));

        assertThat(doc.rejections()).isEmpty();
        assertThat(doc.agreements()).hasSize(2);
    }

    @Test
    void a_partner_with_only_retail_keys_needs_no_agreements() {
        String feed = """
                schema: 1
                partner: { id: store-only, name: "Store Only" }
                retailKeys:
                  - { key: "%s", product: "Microsoft 365 Business Standard", seats: 1, termMonths: 12 }
                """.formatted(KEY_1);

        FeedDocument doc = reader().read(write(dir, "store.yaml", feed));

        assertThat(doc.agreements()).isEmpty();
        assertThat(doc.rejections()).isEmpty();
        assertThat(doc.retailKeys()).extracting(FeedKey::line).containsExactly(4);
    }

    @Test
    void empty_agreements_list_and_null_agreements_are_both_fine() {
        FeedDocument empty = reader().read(write(dir, "a.yaml", HEADER.replace("agreements:", "agreements: []")));
        FeedDocument nothing = reader().read(write(dir, "b.yaml", HEADER));

        assertThat(empty.agreements()).isEmpty();
        assertThat(nothing.agreements()).isEmpty();
        assertThat(nothing.rejections()).isEmpty();
    }

    @Test
    void crlf_line_endings_keep_line_numbers_right() {
        FeedDocument doc = reader().read(write(dir, "northwind.yaml", VALID_YAML.replace("\n", "\r\n")));

        assertThat(doc.agreements()).extracting(FeedAgreement::line).containsExactly(5, 17);
    }

    @Test
    void json_indented_with_tabs_is_read() {
        FeedDocument doc = reader().read(write(dir, "northwind.json", VALID_JSON.replace("  ", "\t")));

        assertThat(doc.rejections()).isEmpty();
        assertThat(doc.agreements()).hasSize(2);
    }

    @Test
    void text_values_are_trimmed_and_keys_normalised() {
        String feed = HEADER + """
                  - number: V1234567
                    customer: { tenant: fabrikam.example, name: "  Fabrikam NV  " }
                    noticesContact: legal@fabrikam.example
                    keys:
                      - { key: "bcdfg hjkmp qrtvw xy234 6789b", product: "Microsoft 365 Business Premium", seats: 25, termMonths: 12 }
                """;

        FeedDocument doc = reader().read(write(dir, "northwind.yaml", feed));

        assertThat(doc.agreements()).singleElement().satisfies(a -> {
            assertThat(a.customerName()).isEqualTo("Fabrikam NV");
            assertThat(a.keys().get(0).key()).isEqualTo(ProductKey.parse(KEY_1));
        });
    }

    private static List<Object> withoutLines(FeedDocument doc) {
        return List.of(
                doc.agreements().stream().map(a -> List.of(a.number(), a.tenant(), a.customerName(), a.adminName(),
                        a.adminEmail(), a.noticesContact(), a.locale(), a.keys().stream().map(FeedReaderTest::withoutLine).toList()))
                        .toList(),
                doc.retailKeys().stream().map(FeedReaderTest::withoutLine).toList());
    }

    private static List<Object> withoutLine(FeedKey k) {
        return List.of(k.key(), k.product(), k.seats(), k.termMonths(), k.redeemBy());
    }
}
