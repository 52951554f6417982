package io.activationworker.feed;

import static io.activationworker.feed.FeedFixtures.AGREEMENT;
import static io.activationworker.feed.FeedFixtures.HEADER;
import static io.activationworker.feed.FeedFixtures.KEY_1;
import static io.activationworker.feed.FeedFixtures.KEY_2;
import static io.activationworker.feed.FeedFixtures.KEY_3;
import static io.activationworker.feed.FeedFixtures.reader;
import static io.activationworker.feed.FeedFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each per-agreement (and per-retail-key) rejection, as the exact line a partner reads. */
class FeedReaderRejectionTest {

    private static final String SUBJECT = "agreement V1234567";
    private static final String SECOND = AGREEMENT.replace("V1234567", "V2000000").replace(KEY_1, KEY_2);

    @TempDir
    Path dir;

    private FeedDocument document;

    @Test
    void a_valid_agreement_is_not_rejected() {
        assertThat(rejections(AGREEMENT)).isEmpty();
        assertThat(document.agreements()).extracting(FeedAgreement::number).containsExactly("V1234567");
    }

    @Test
    void missing_number_names_the_agreement_by_its_position() {
        assertThat(rejections(SECOND + AGREEMENT.replace("- number: V1234567\n    ", "- ")))
                .containsExactly(at(10, "agreement #2", "missing field 'number'"));
        assertThat(document.agreements()).extracting(FeedAgreement::number).containsExactly("V2000000");
    }

    @Test
    void number_in_lower_case_is_not_an_agreement_number() {
        assertThat(rejections(AGREEMENT.replace("V1234567", "v1234567"))).containsExactly(at(4, "agreement #1",
                "number 'v1234567' is not an agreement number (a capital letter, then 2 to 31 capitals, digits or dashes, e.g. V1234567)"));
    }

    @Test
    void number_that_is_a_yaml_number_is_not_text() {
        assertThat(rejections(AGREEMENT.replace("V1234567", "1234567")))
                .containsExactly(at(4, "agreement #1", "field number must be text, not a number"));
    }

    @Test
    void number_repeated_in_the_file_rejects_the_second_agreement() {
        String again = AGREEMENT.replace(KEY_1, KEY_2);

        assertThat(rejections(AGREEMENT + again))
                .containsExactly(at(10, SUBJECT, "agreement number appears twice in this file (first at line 4)"));
        assertThat(document.agreements()).extracting(FeedAgreement::line).containsExactly(4);
    }

    @Test
    void missing_customer_tenant_is_rejected() {
        assertThat(rejections(AGREEMENT.replace("tenant: fabrikam.example, ", "")))
                .containsExactly(at(4, SUBJECT, "missing field 'customer.tenant'"));
    }

    @Test
    void missing_customer_name_is_rejected() {
        assertThat(rejections(AGREEMENT.replace(", name: \"Fabrikam NV\"", "")))
                .containsExactly(at(4, SUBJECT, "missing field 'customer.name'"));
    }

    @Test
    void missing_customer_is_rejected() {
        assertThat(rejections(AGREEMENT.replace("    customer: { tenant: fabrikam.example, name: \"Fabrikam NV\" }\n", "")))
                .containsExactly(at(4, SUBJECT, "missing field 'customer'"));
    }

    @Test
    void tenant_with_capitals_is_not_a_tenant_id() {
        assertThat(rejections(AGREEMENT.replace("tenant: fabrikam.example", "tenant: Fabrikam.Example")))
                .containsExactly(at(4, SUBJECT, "customer.tenant 'Fabrikam.Example' must be a lower-case domain-like id, e.g. fabrikam.example"));
    }

    @Test
    void neither_administrator_nor_notices_contact_is_rejected() {
        assertThat(rejections(AGREEMENT.replace("    onlineAdministrator: { name: \"Anna de Vries\", email: anna@fabrikam.example }\n", "")))
                .containsExactly(at(4, SUBJECT, "no onlineAdministrator and no noticesContact"));
    }

    @Test
    void notices_contact_alone_is_enough() {
        assertThat(rejections(AGREEMENT.replace("onlineAdministrator: { name: \"Anna de Vries\", email: anna@fabrikam.example }",
                "noticesContact: legal@fabrikam.example"))).isEmpty();
        assertThat(document.agreements().get(0).adminEmail()).isEmpty();
    }

    @Test
    void administrator_without_email_is_rejected() {
        assertThat(rejections(AGREEMENT.replace(", email: anna@fabrikam.example", "")))
                .containsExactly(at(4, SUBJECT, "missing field 'onlineAdministrator.email'"));
    }

    @Test
    void administrator_without_name_is_rejected() {
        assertThat(rejections(AGREEMENT.replace("name: \"Anna de Vries\", ", "")))
                .containsExactly(at(4, SUBJECT, "missing field 'onlineAdministrator.name'"));
    }

    @Test
    void bad_administrator_email_is_rejected() {
        assertThat(rejections(AGREEMENT.replace("anna@fabrikam.example", "anna@fabrikam")))
                .containsExactly(at(4, SUBJECT, "onlineAdministrator.email 'anna@fabrikam' is not a valid email address"));
    }

    @Test
    void bad_notices_contact_email_is_rejected() {
        assertThat(rejections(AGREEMENT.replace("    locale: nl\n", "    locale: nl\n    noticesContact: legal at fabrikam\n")))
                .containsExactly(at(4, SUBJECT, "noticesContact 'legal at fabrikam' is not a valid email address"));
    }

    @Test
    void unsupported_locale_is_rejected() {
        assertThat(rejections(AGREEMENT.replace("locale: nl", "locale: de")))
                .containsExactly(at(4, SUBJECT, "locale 'de' is not supported (use en or nl)"));
    }

    @Test
    void missing_locale_defaults_to_english() {
        assertThat(rejections(AGREEMENT.replace("    locale: nl\n", ""))).isEmpty();
        assertThat(document.agreements().get(0).locale()).isEqualTo("en");
    }

    @Test
    void line_break_in_administrator_name_is_rejected_to_keep_it_out_of_mail_headers() {
        assertThat(rejections(AGREEMENT.replace("\"Anna de Vries\"", "\"Anna\\r\\nBcc: all@example.com\"")))
                .containsExactly(at(4, SUBJECT, "field onlineAdministrator.name contains a line break"));
    }

    @Test
    void literal_block_with_a_line_break_is_rejected_too() {
        String agreement = AGREEMENT.replace("onlineAdministrator: { name: \"Anna de Vries\", email: anna@fabrikam.example }", """
                onlineAdministrator:
                      email: anna@fabrikam.example
                      name: |
                        Anna
                        de Vries""");

        assertThat(rejections(agreement)).containsExactly(at(4, SUBJECT, "field onlineAdministrator.name contains a line break"));
    }

    @Test
    void nul_character_in_customer_name_is_rejected() {
        assertThat(rejections(AGREEMENT.replace("\"Fabrikam NV\"", "\"Fabrikam\\0NV\"")))
                .containsExactly(at(4, SUBJECT, "field customer.name contains a control character (U+0000)"));
    }

    @Test
    void line_break_in_a_product_name_is_rejected() {
        assertThat(rejections(AGREEMENT.replace("\"Microsoft 365 Business Premium\"", "\"Microsoft 365\\nBusiness Premium\"")))
                .containsExactly(at(4, SUBJECT, "key …6789B: field product contains a line break"));
    }

    @Test
    void a_list_where_text_is_expected_is_rejected() {
        assertThat(rejections(AGREEMENT.replace("name: \"Fabrikam NV\"", "name: [Fabrikam, NV]")))
                .containsExactly(at(4, SUBJECT, "field customer.name must be text, not a list"));
    }

    @Test
    void true_where_text_is_expected_is_rejected() {
        assertThat(rejections(AGREEMENT.replace("name: \"Fabrikam NV\"", "name: true")))
                .containsExactly(at(4, SUBJECT, "field customer.name must be text, not true or false"));
    }

    @Test
    void missing_keys_is_rejected() {
        String agreement = AGREEMENT.substring(0, AGREEMENT.indexOf("    keys:"));

        assertThat(rejections(agreement)).containsExactly(at(4, SUBJECT, "no keys"));
    }

    @Test
    void empty_keys_is_rejected() {
        String agreement = AGREEMENT.substring(0, AGREEMENT.indexOf("    keys:")) + "    keys: []\n";

        assertThat(rejections(agreement)).containsExactly(at(4, SUBJECT, "no keys"));
    }

    @Test
    void unparseable_key_is_named_by_its_position_and_never_printed() {
        String agreement = AGREEMENT.replace("      - { key", "      - { key: \"" + KEY_2 + "\", product: \"Microsoft 365 Business Premium\", seats: 1, termMonths: 1 }\n      - { key")
                .replace(KEY_1, "BCDFG-HJKMP-QRTVW-XY234-6789");

        List<String> lines = rejections(agreement);

        assertThat(lines).containsExactly(at(4, SUBJECT, "key 2: a product key has 25 characters; this one has 24"));
        assertThat(String.join("\n", lines)).doesNotContain("BCDFG").doesNotContain("6789B");
    }

    @Test
    void key_with_the_letter_o_is_explained() {
        assertThat(rejections(AGREEMENT.replace(KEY_1, "BCDFG-HJKMP-QRTVW-XY234-6789O")))
                .containsExactly(at(4, SUBJECT, "key 1: product keys never contain the letter O or the digit 0"));
    }

    @Test
    void unknown_product_is_rejected_with_the_masked_key() {
        assertThat(rejections(AGREEMENT.replace("\"Microsoft 365 Business Premium\"", "\"Office 97\"")))
                .containsExactly(at(4, SUBJECT, "key …6789B: unknown product 'Office 97' (see config/products.yaml)"));
    }

    @Test
    void seats_above_the_product_maximum_are_rejected() {
        assertThat(rejections(AGREEMENT.replace("seats: 25", "seats: 301")))
                .containsExactly(at(4, SUBJECT, "key …6789B: seats must be between 1 and 300 — the maximum is 300 licences"));
    }

    @Test
    void zero_seats_are_rejected() {
        assertThat(rejections(AGREEMENT.replace("seats: 25", "seats: 0")))
                .containsExactly(at(4, SUBJECT, "key …6789B: seats must be between 1 and 300 — the maximum is 300 licences"));
    }

    @Test
    void fractional_or_quoted_seats_are_rejected() {
        assertThat(rejections(AGREEMENT.replace("seats: 25", "seats: 2.5")))
                .containsExactly(at(4, SUBJECT, "key …6789B: seats must be between 1 and 300 — the maximum is 300 licences"));
        assertThat(rejections(AGREEMENT.replace("seats: 25", "seats: \"25\"")))
                .containsExactly(at(4, SUBJECT, "key …6789B: seats must be between 1 and 300 — the maximum is 300 licences"));
    }

    @Test
    void missing_seats_are_rejected() {
        assertThat(rejections(AGREEMENT.replace("seats: 25, ", "")))
                .containsExactly(at(4, SUBJECT, "key …6789B: missing field 'seats'"));
    }

    @Test
    void term_outside_one_to_one_hundred_twenty_months_is_rejected() {
        assertThat(rejections(AGREEMENT.replace("termMonths: 12", "termMonths: 121")))
                .containsExactly(at(4, SUBJECT, "key …6789B: termMonths must be a whole number between 1 and 120"));
        assertThat(rejections(AGREEMENT.replace("termMonths: 12", "termMonths: 99999999999999999999999")))
                .containsExactly(at(4, SUBJECT, "key …6789B: termMonths must be a whole number between 1 and 120"));
    }

    @Test
    void redeem_by_that_is_not_a_date_is_rejected() {
        assertThat(rejections(AGREEMENT.replace("termMonths: 12", "termMonths: 12, redeemBy: 2027-02-30")))
                .containsExactly(at(4, SUBJECT, "key …6789B: redeemBy '2027-02-30' is not a date (expected YYYY-MM-DD, e.g. 2027-06-30)"));
    }

    @Test
    void the_same_key_in_two_agreements_rejects_the_second() {
        String again = AGREEMENT.replace("V1234567", "V2000000");

        assertThat(rejections(AGREEMENT + again))
                .containsExactly(at(10, "agreement V2000000", "key …6789B appears twice in this file (first at line 9)"));
    }

    @Test
    void the_same_key_twice_in_one_agreement_rejects_it() {
        String agreement = AGREEMENT + "      - { key: \"" + KEY_1.toLowerCase() + "\", product: \"Microsoft 365 Business Premium\", seats: 1, termMonths: 1 }\n";

        assertThat(rejections(agreement)).containsExactly(at(4, SUBJECT, "key …6789B appears twice in this file (first at line 9)"));
    }

    @Test
    void a_retail_key_that_repeats_an_agreement_key_is_rejected() {
        String feed = AGREEMENT + "retailKeys:\n  - { key: \"" + KEY_1 + "\", product: \"Microsoft 365 Business Premium\", seats: 1, termMonths: 1 }\n";

        assertThat(rejections(feed)).containsExactly(at(11, "retail key …6789B", "this key appears twice in this file (first at line 9)"));
        assertThat(document.agreements()).hasSize(1);
        assertThat(document.retailKeys()).isEmpty();
    }

    @Test
    void unknown_field_in_an_agreement_is_rejected() {
        assertThat(rejections(AGREEMENT.replace("    locale: nl\n", "    locale: nl\n    onlineAdminstrator: x\n")))
                .containsExactly(at(4, SUBJECT, "unknown field 'onlineAdminstrator'"));
    }

    @Test
    void unknown_field_in_a_customer_or_key_is_rejected() {
        assertThat(rejections(AGREEMENT.replace("name: \"Fabrikam NV\"", "name: \"Fabrikam NV\", vat: NL001")))
                .containsExactly(at(4, SUBJECT, "unknown field 'customer.vat'"));
        assertThat(rejections(AGREEMENT.replace("termMonths: 12", "termMonths: 12, term: 12")))
                .containsExactly(at(4, SUBJECT, "key …6789B: unknown field 'term'"));
    }

    @Test
    void an_agreement_that_is_not_a_mapping_is_rejected() {
        assertThat(rejections("  - V1234567\n" + SECOND.replace("V2000000", "V3000000")))
                .containsExactly(at(4, "agreement #1", "an agreement must be a mapping with number, customer, onlineAdministrator and keys"));
        assertThat(document.agreements()).hasSize(1);
    }

    @Test
    void every_problem_of_an_agreement_is_reported_on_its_own_line() {
        String agreement = AGREEMENT.replace("anna@fabrikam.example", "anna").replace("locale: nl", "locale: fr");

        assertThat(rejections(agreement)).containsExactly(
                at(4, SUBJECT, "onlineAdministrator.email 'anna' is not a valid email address"),
                at(4, SUBJECT, "locale 'fr' is not supported (use en or nl)"));
    }

    @Test
    void one_bad_agreement_among_many_keeps_the_others() {
        StringBuilder agreements = new StringBuilder();
        String[] keys = {KEY_1, KEY_2, KEY_3};
        for (int i = 0; i < 3; i++) {
            String agreement = AGREEMENT.replace("V1234567", "V100000" + i).replace(KEY_1, keys[i]);
            agreements.append(i == 1 ? agreement.replace("anna@fabrikam.example", "anna@@fabrikam.example") : agreement);
        }

        assertThat(rejections(agreements.toString())).containsExactly(
                at(10, "agreement V1000001", "onlineAdministrator.email 'anna@@fabrikam.example' is not a valid email address"));
        assertThat(document.agreements()).extracting(FeedAgreement::number).containsExactly("V1000000", "V1000002");
    }

    @Test
    void bad_retail_keys_are_rejected_one_by_one() {
        String feed = """
                schema: 1
                partner: { id: northwind-partners, name: "Northwind Partners BV" }
                retailKeys:
                  - { key: "%s", product: "Microsoft 365 Business Premium", seats: 5, termMonths: 12 }
                  - { key: "not a key", product: "Microsoft 365 Business Premium", seats: 5, termMonths: 12 }
                  - { key: "%s", product: "Visio", seats: 5, termMonths: 12 }
                  - { key: "%s", product: "Microsoft 365 Business Premium", seats: 5, termMonths: 12 }
                """.formatted(KEY_1, KEY_2, KEY_1);

        assertThat(lines(write(dir, "northwind.yaml", feed))).containsExactly(
                at(5, "retail key #2", "'n' is not used in product keys (allowed: BCDFGHJKMPQRTVWXY2346789)"),
                at(6, "retail key …789BC", "unknown product 'Visio' (see config/products.yaml)"),
                at(7, "retail key …6789B", "this key appears twice in this file (first at line 4)"));
        assertThat(document.retailKeys()).extracting(FeedKey::line).containsExactly(4);
    }

    private List<String> rejections(String agreements) {
        return lines(write(dir, "northwind.yaml", HEADER + agreements));
    }

    private List<String> lines(Path file) {
        document = reader().read(file);
        return document.rejections().stream().map(FeedRejection::toString).toList();
    }

    private String at(int line, String subject, String reason) {
        return dir.resolve("northwind.yaml") + ":" + line + ": " + subject + ": " + reason;
    }
}
