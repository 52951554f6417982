package io.activationworker.partner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.activationworker.testing.Feeds;
import io.activationworker.testing.Mails;
import io.activationworker.testing.Poll;
import io.activationworker.testing.RelayExtension;
import io.activationworker.testing.TestApp;
import io.activationworker.testing.WebhookReceiver;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The partner hears what became of its feed and its mails: import reports and delivery failures,
 * by real SMTP (GreenMail behind a relay that refuses one address with 550), in its locale.
 */
class PartnerNoticesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CONTACT = "licensing@northwind.example";
    private static final String NOTICES = "legal@fabrikam.example";

    @RegisterExtension
    final RelayExtension relay = new RelayExtension();
    private WebhookReceiver receiver;
    private TestApp app;
    private String token;

    @BeforeEach
    void start() {
        receiver = new WebhookReceiver();
        app = TestApp.start(Map.of("smtp.port", Integer.toString(relay.port()), "webhook.allow-private", "true",
                "worker.retry-base-ms", "100"), Clock.systemUTC(), true, true);
        token = app.services.partnerTokens().issue("northwind-partners");
    }

    @AfterEach
    void stop() {
        app.close();
        receiver.close();
    }

    private String feed(String admin, String locale) {
        return Feeds.agreement("Anna de Vries", admin, Feeds.KEY_A)
                .replace("partner: { id: northwind-partners, name: \"Northwind Partners BV\" }", """
                        partner:
                          id: northwind-partners
                          name: "Northwind Partners BV"
                          contact: %s
                          webhook: "%s"
                          locale: %s""".formatted(CONTACT, receiver.url(), locale))
                .replace("    locale: nl\n", "    noticesContact: " + NOTICES + "\n    locale: nl\n");
    }

    private List<MimeMessage> to(String address) {
        return relay.received().stream().filter(m -> Mails.to(m).contains(address)).toList();
    }

    private List<MimeMessage> awaitTo(String address, int count) {
        return Poll.until(WAIT, count + " mails to " + address, () -> {
            List<MimeMessage> found = to(address);
            return found.size() >= count ? found : null;
        });
    }

    @Test
    void a_rejection_is_reported_once_per_change_of_the_file_and_not_again_when_fixed() throws Exception {
        String bad = feed("anna@fabrikam.example", "en") + """
                  - number: V2222222
                    customer: { tenant: contoso.example, name: "Contoso" }
                    onlineAdministrator: { name: "Lee", email: "lee@" }
                    keys:
                      - { key: "%s", product: "%s", seats: 5, termMonths: 12 }
                """.formatted(Feeds.KEY_B, Feeds.PREMIUM);
        app.importFeed("northwind.yaml", bad);
        MimeMessage report = awaitTo(CONTACT, 1).get(0);
        assertThat(report.getSubject()).contains("northwind.yaml").contains("1 agreement or key was rejected");
        assertThat(Mails.text(report)).containsPattern("northwind\\.yaml:\\d+: agreement V2222222: onlineAdministrator\\.email 'lee@' is not a valid email address");

        app.importFeed("northwind.yaml", bad); // the same file polled again
        app.importFeed("northwind.yaml", bad.replace("lee@\"", "lee@contoso.example\"")); // fixed
        awaitTo("lee@contoso.example", 1);
        app.importFeed("northwind.yaml", bad.replace("lee@\"", "lee@contoso.example\""));
        // Nothing to wait for: a report is queued in the import's own transaction.
        assertThat(app.count("select count(*) from outbox_message where kind = 'import_report'")).isEqualTo(1);
        assertThat(app.count("select count(*) from webhook_event where type = 'feed.rejected'")).isEqualTo(1);
    }

    @Test
    void a_report_through_the_api_goes_to_the_contact_in_the_partners_locale() throws Exception {
        String bad = feed("anna@fabrikam.example", "nl").replace("termMonths: 12", "termMonths: 0");
        var response = app.http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(app.baseUrl + "/partner/feeds/northwind.yaml"))
                .header("Authorization", "Bearer " + token)
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(bad)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(422);
        MimeMessage report = awaitTo(CONTACT, 1).get(0);
        assertThat(report.getSubject()).startsWith("Feed api/northwind.yaml: 1 overeenkomst");
        assertThat(Mails.text(report)).containsPattern("api/northwind\\.yaml:\\d+: agreement V1234567: ");
    }

    @Test
    void a_refused_administrator_address_makes_the_agreement_undeliverable_until_the_feed_corrects_it() throws Exception {
        relay.rejectRecipient("anna@typo.example");
        app.importFeed("northwind.yaml", feed("anna@typo.example", "en"));

        MimeMessage toPartner = awaitTo(CONTACT, 1).get(0);
        MimeMessage toNotices = awaitTo(NOTICES, 1).get(0);
        for (MimeMessage m : List.of(toPartner, toNotices)) {
            assertThat(m.getSubject()).contains("V1234567");
            assertThat(Mails.text(m)).contains("anna@typo.example").contains("550");
        }
        assertThat(Mails.text(toPartner)).contains("correct it in your feed");
        // The notices contact (Dutch agreement) is told to ask the partner, by its contact address.
        assertThat(Mails.text(toNotices)).contains("Vraag Northwind Partners BV (" + CONTACT + ")");

        JsonNode row = JSON.readTree(PartnerApiIT.getAgreements(app, token).body()).get(0);
        assertThat(row.get("state").asText()).isEqualTo("undeliverable");
        assertThat(row.get("lastMail").get("kind").asText()).isEqualTo("activation_link");
        assertThat(row.get("lastMail").get("state").asText()).isEqualTo("failed");
        assertThat(row.get("lastMail").get("reason").asText()).contains("550");

        Poll.until(WAIT, "the activation_mail.failed event", () -> receiver.received().stream()
                .anyMatch(r -> r.body().contains("activation_mail.failed")));
        io.activationworker.ops.StatusCounts status = app.jdbi().withExtension(io.activationworker.ops.StatusDao.class,
                io.activationworker.ops.StatusCounts::read);
        assertThat(status.undeliverable()).isEqualTo(1);
        assertThat(status.asJsonShape()).containsKeys("webhooks", "undeliverableAgreements");

        // The same feed again: nothing more.
        app.importFeed("northwind.yaml", feed("anna@typo.example", "en"));
        assertThat(app.count("select count(*) from outbox_message where kind = 'delivery_failure'")).isEqualTo(2);

        // The corrected address gets a fresh link; the agreement leaves undeliverable.
        app.importFeed("northwind.yaml", feed("anna@fabrikam.example", "en"));
        MimeMessage link = awaitTo("anna@fabrikam.example", 1).get(0);
        assertThat(Mails.text(link)).contains(app.baseUrl + "/activate/");
        // Point 7: the mail and the page that say "ask your partner" name its contact.
        assertThat(Mails.text(link)).contains("Northwind Partners BV (" + CONTACT + ")");
        String page = new io.activationworker.testing.Browser(app.baseUrl)
                .get(Mails.link(link, app.baseUrl + "/activate/")).body();
        assertThat(page).contains("mailto:" + CONTACT);
        Poll.until(WAIT, "pending again", () -> {
            try {
                JsonNode r = JSON.readTree(PartnerApiIT.getAgreements(app, token).body()).get(0);
                return r.get("state").asText().equals("pending") && r.get("lastMail").get("state").asText().equals("sent");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertThat(app.count("select count(*) from outbox_message where kind = 'delivery_failure'")).isEqualTo(2);
    }
}
