package io.activationworker.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.activation.ReminderJob;
import io.activationworker.testing.Browser;
import io.activationworker.testing.Mails;
import io.activationworker.testing.MutableClock;
import io.activationworker.testing.TestApp;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every message kind, in English and Dutch, produced by the real flows and read as received:
 * the headers good transactional mail carries, a text part that has every link of the HTML,
 * link texts that match their targets, no remote images, no scripts.
 */
class DeliverableMailIT {

    private static final Pattern ANCHOR = Pattern.compile("<a\\s[^>]*href=\"([^\"]+)\"[^>]*>(.*?)</a>", Pattern.DOTALL);

    private static String feed() {
        return """
                schema: 1
                partner: { id: northwind-partners, name: "Northwind Partners BV" }
                agreements:
                  - number: V1000001
                    customer: { tenant: fabrikam.example, name: "Fabrikam NV" }
                    onlineAdministrator: { name: "Anna de Vries", email: anna@fabrikam.example }
                    locale: nl
                    keys: [ { key: "BQW2K-CYTH7-XFP4W-C46P6-9CB4P", product: "Microsoft 365 Business Premium", seats: 25, termMonths: 12 } ]
                  - number: V1000002
                    customer: { tenant: contoso.example, name: "Contoso Ltd" }
                    onlineAdministrator: { name: "Sam Taylor", email: sam@contoso.example }
                    locale: en
                    keys: [ { key: "963H4-DKMV7-QKRR8-M3QBQ-649WT", product: "Microsoft 365 Business Premium", seats: 10, termMonths: 12 } ]
                  - number: V1000003
                    customer: { tenant: adatum.example, name: "Adatum" }
                    noticesContact: legal@adatum.example
                    locale: nl
                    keys: [ { key: "WF8WG-KVWJ4-WC496-JPXDF-F27T8", product: "Microsoft 365 Business Premium", seats: 5, termMonths: 12 } ]
                  - number: V1000004
                    customer: { tenant: litware.example, name: "Litware" }
                    noticesContact: legal@litware.example
                    locale: en
                    keys: [ { key: "2H3Q3-86WJW-3PB8B-HDQFM-YRMVV", product: "Microsoft 365 Business Premium", seats: 5, termMonths: 12 } ]
                retailKeys:
                  - { key: "DK8KR-VWX84-CC2F3-6H8KX-M3QFB", product: "Microsoft 365 Business Premium", seats: 5, termMonths: 12 }
                  - { key: "V74KK-JCQ3C-4CBB3-XX2FC-6C6PJ", product: "Microsoft 365 Business Premium", seats: 5, termMonths: 12 }
                """;
    }

    @Test
    void every_message_kind_in_both_languages_is_well_formed_transactional_mail() throws Exception {
        MutableClock clock = MutableClock.now();
        try (TestApp app = TestApp.start(Map.of(), clock, true, true)) {
            app.importFeed("feed.yaml", feed());
            List<MimeMessage> first = app.awaitMessages(4);
            new ReminderJob(app.jdbi(), app.services.links(), app.services.outbox(), clock, Duration.ofDays(7))
                    .runOnce();
            clock.advance(Duration.ofDays(8));
            new ReminderJob(app.jdbi(), app.services.links(), app.services.outbox(), clock, Duration.ofDays(7))
                    .runOnce();
            app.awaitMessages(6);
            int expected = 6;
            for (MimeMessage m : first) {
                if (!Mails.text(m).contains("/activate/")) {
                    continue;
                }
                Browser browser = new Browser(app.baseUrl);
                String link = Mails.link(m, app.baseUrl + "/activate/");
                browser.get(link);
                browser.post(link, Map.of("accept", "yes"));
                expected++;
                // Redeem a retail key on the new subscription.
                long id = app.count("select max(id) from subscription");
                browser.get("/products/" + id + "/redeem?action=add&step=key");
                String key = expected == 7 ? "DK8KR-VWX84-CC2F3-6H8KX-M3QFB" : "V74KK-JCQ3C-4CBB3-XX2FC-6C6PJ";
                browser.post("/products/" + id + "/redeem", Map.of("action", "add", "key1", key));
                browser.post("/products/" + id + "/redeem/confirm", Map.of());
                expected++;
                // And ask for a sign-in link.
                browser.get("/signin");
                browser.post("/signin", Map.of("email", Mails.to(m).replaceAll(".*<|>.*", "")));
                expected++;
            }
            List<MimeMessage> all = app.awaitMessages(expected);
            Set<String> seen = new HashSet<>();
            for (MimeMessage m : all) {
                seen.add(kindAndLocale(m, app));
                checkWellFormed(m);
            }
            assertThat(seen).contains("activation_link/nl", "activation_link/en", "reminder/nl", "reminder/en",
                    "new_link_notice/nl", "new_link_notice/en", "activation_confirmation/nl", "activation_confirmation/en",
                    "redemption_confirmation/nl", "redemption_confirmation/en", "signin_link/nl", "signin_link/en");
        }
    }

    private static String kindAndLocale(MimeMessage m, TestApp app) throws Exception {
        return app.text("select kind || '/' || locale from outbox_message where message_id = '"
                + m.getMessageID().replace("'", "") + "'");
    }

    private static void checkWellFormed(MimeMessage m) throws Exception {
        assertThat(m.getMessageID()).matches("<[^@<>\\s]+@activation\\.test>");
        assertThat(m.getHeader("Date")).isNotNull();
        assertThat(m.getHeader("MIME-Version")[0]).isEqualTo("1.0");
        assertThat(m.getHeader("Auto-Submitted")[0]).isEqualTo("auto-generated");
        assertThat(m.getFrom()[0].toString()).contains("activation@activation.test");
        assertThat(m.getContentType()).startsWith("multipart/alternative");
        String html = Mails.html(m);
        String text = Mails.text(m);
        assertThat(html).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("javascript:");
        assertThat(html).doesNotContainPattern("(?i)<img[^>]+src=\"https?:");
        Matcher a = ANCHOR.matcher(html);
        while (a.find()) {
            String href = a.group(1).replace("&amp;", "&");
            String label = a.group(2).replaceAll("<[^>]+>", "").trim().replace("&amp;", "&");
            if (href.startsWith("mailto:")) {
                continue;
            }
            assertThat(text).as("text part has every link of the HTML").contains(href);
            if (label.startsWith("http")) {
                assertThat(label).as("link text that looks like a URL is its target").isEqualTo(href);
            }
        }
    }
}
