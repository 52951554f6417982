package io.activationworker.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.testing.AppProcess;
import io.activationworker.testing.Poll;
import io.activationworker.testing.TestApp;
import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CR/LF (and the other line breaks) in any feed value that ends up in a mail header are refused
 * at import, agreement by agreement, with file, line and field; no email ever gets a second
 * recipient. Imported with the real {@code import DIR} command, delivered by the real worker.
 */
class HeaderInjectionImportIT {

    private static final String INJECT = "\\r\\nBcc: victim@evil.example";

    private TestApp app;

    @BeforeEach
    void start() {
        app = TestApp.start(Map.of(), Clock.systemUTC(), true, false);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void line_breaks_in_names_addresses_customer_or_product_reject_that_agreement_and_never_add_a_recipient()
            throws Exception {
        Path incoming = Files.createDirectories(app.dir.resolve("incoming"));
        Path yaml = Files.writeString(incoming.resolve("injection.yaml"), "schema: 1\n"
                + "partner: { id: injecting-partner, name: \"Injecting Partner\" }\n"
                + "agreements:\n"
                + agreement(1, "\"Anna" + INJECT + "\"", "anna1@fabrikam.example", "Fabrikam", PRODUCT)         // line 4
                + agreement(2, "Anna", "\"anna2@fabrikam.example" + INJECT + "\"", "Fabrikam", PRODUCT)         // line 10
                + agreement(3, "Anna", "anna3@fabrikam.example", "\"Fabrikam" + INJECT + "\"", PRODUCT)          // line 16
                + agreement(4, "Anna", "anna4@fabrikam.example", "Fabrikam", "\"" + PREMIUM + INJECT + "\"")     // line 22
                + agreement(5, "\"Anna\\u2028Bcc: victim@evil.example\"", "anna5@fabrikam.example", "Fabrikam", PRODUCT)
                + agreement(6, "\"Anna\\x85Bcc: victim@evil.example\"", "anna6@fabrikam.example", "Fabrikam", PRODUCT)
                + agreement(7, "Anna", "\"anna7@fabrikam.example, victim@evil.example\"", "Fabrikam", PRODUCT)
                // SMTP command injection through a quoted local part (CVE-2025-7962, CVE-2026-30227 style).
                + agreement(9, "Anna", "\"\\\"anna\\r\\nRCPT TO:<victim@evil.example>\\\"@fabrikam.example\"", "Fabrikam",
                        PRODUCT)
                + agreement(8, "Anna", "anna8@fabrikam.example", "Fabrikam", PRODUCT), StandardCharsets.UTF_8);
        Path json = Files.writeString(incoming.resolve("injection.json"), """
                {"schema": 1,
                 "partner": {"id": "json-partner", "name": "JSON Partner"},
                 "agreements": [
                  {"number": "V2000001", "customer": {"tenant": "t1.example", "name": "T1"},
                   "onlineAdministrator": {"name": "Joe\\r\\nBcc: victim@evil.example", "email": "joe@t1.example"},
                   "keys": [{"key": "%s", "product": "%s", "seats": 5, "termMonths": 12}]},
                  {"number": "V2000002", "customer": {"tenant": "t2.example", "name": "T2"},
                   "onlineAdministrator": {"name": "Jane", "email": "jane@t2.example"},
                   "keys": [{"key": "%s", "product": "%s", "seats": 5, "termMonths": 12}]}
                 ]}
                """.formatted(key(21), PREMIUM, key(22), PREMIUM), StandardCharsets.UTF_8);

        AppProcess.Result result = AppProcess.run(app.dir.resolve("activation.properties"), Map.of(),
                Duration.ofSeconds(60), "import", incoming.toString());

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isEqualTo(1);
        assertThat(result.stdout()).contains(
                yaml + ":4: agreement V1000001: field onlineAdministrator.name contains a line break",
                yaml + ":10: agreement V1000002: field onlineAdministrator.email contains a line break",
                yaml + ":16: agreement V1000003: field customer.name contains a line break",
                yaml + ":22: agreement V1000004: key …" + key(4).substring(24) + ": field product contains a line break",
                yaml + ":28: agreement V1000005: field onlineAdministrator.name contains a line break",
                yaml + ":34: agreement V1000006: field onlineAdministrator.name contains a line break",
                yaml + ":40: agreement V1000007:",
                yaml + ":46: agreement V1000009: field onlineAdministrator.email contains a line break",
                json + ":4: agreement V2000001: field onlineAdministrator.name contains a line break");
        assertThat(result.stdout() + result.stderr()).doesNotContain("\r\nBcc", "\nBcc");
        assertThat(app.text("select string_agg(number, ' ' order by number) from agreement")).isEqualTo("V1000008 V2000002");

        Poll.until(Duration.ofSeconds(30), "the two clean agreements' emails sent",
                () -> app.count("select count(*) from outbox_message where state = 'sent'") == 2);
        assertThat(app.smtp.getReceivedMessages()).hasSize(2);
        for (MimeMessage m : app.smtp.getReceivedMessages()) {
            Address[] recipients = m.getAllRecipients();
            assertThat(recipients).hasSize(1);
            assertThat(recipients[0].toString()).doesNotContain("evil");
            assertThat(m.getHeader("Bcc")).isNull();
        }
        assertThat(app.smtp.getReceivedMessagesForDomain("evil.example")).isEmpty();
    }

    private static final String PREMIUM = "Microsoft 365 Business Premium";
    private static final String PRODUCT = "\"" + PREMIUM + "\"";

    /** Six lines: one agreement with one key; values are written into the YAML as given. */
    private static String agreement(int n, String adminName, String adminEmail, String customerName, String product) {
        return """
                  - number: V100000%d
                    customer: { tenant: t%d.fabrikam.example, name: %s }
                    onlineAdministrator: { name: %s, email: %s }
                    locale: en
                    keys:
                      - { key: "%s", product: %s, seats: 5, termMonths: 12 }
                """.formatted(n, n, customerName, adminName, adminEmail, key(n), product);
    }

    private static String key(int n) {
        return io.activationworker.testing.BulkFeed.key(n);
    }
}
