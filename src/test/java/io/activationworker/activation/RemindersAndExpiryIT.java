package io.activationworker.activation;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.testing.Browser;
import io.activationworker.testing.Feeds;
import io.activationworker.testing.Mails;
import io.activationworker.testing.MutableClock;
import io.activationworker.testing.TestApp;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One reminder after reminder.after-days; expired links; "send a new link" to the designated administrator. */
class RemindersAndExpiryIT {

    private final MutableClock clock = MutableClock.now();
    private TestApp app;
    private ReminderJob reminders;

    @BeforeEach
    void start() {
        app = TestApp.start(Map.of(), clock, true, true);
        reminders = new ReminderJob(app.jdbi(), app.services.links(), app.services.outbox(), clock, Duration.ofDays(7));
    }

    @AfterEach
    void stop() {
        app.close();
    }

    /** Imports the standard feed (one agreement, in Dutch) and returns the link its first email carries. */
    private String importAndAwaitLink() {
        app.importFeed("northwind.yaml", Feeds.standard());
        return Mails.link(app.awaitMessages(1).get(0), app.baseUrl + "/activate/");
    }

    @Test
    void one_reminder_is_sent_after_seven_days_never_before_and_never_twice() {
        String link = importAndAwaitLink();
        clock.advance(Duration.ofDays(6));
        assertThat(reminders.runOnce()).isZero();
        clock.advance(Duration.ofDays(1).plusMinutes(1));
        assertThat(reminders.runOnce()).isEqualTo(1);
        assertThat(reminders.runOnce()).isZero();
        MimeMessage reminder = app.awaitMessages(2).get(1);
        assertThat(Mails.to(reminder)).contains("anna@fabrikam.example");
        assertThat(Mails.link(reminder, app.baseUrl + "/activate/")).isEqualTo(link);
        clock.advance(Duration.ofDays(8));
        assertThat(reminders.runOnce()).isZero();
    }

    @Test
    void no_reminder_after_activation() {
        String link = importAndAwaitLink();
        Browser browser = new Browser(app.baseUrl);
        browser.get(link);
        browser.post(link, Map.of("accept", "yes"));
        clock.advance(Duration.ofDays(8));
        assertThat(reminders.runOnce()).isZero();
    }

    @Test
    void accepting_from_an_old_tab_shows_the_link_as_it_is_and_changes_nothing() {
        String link = importAndAwaitLink();
        Browser firstTab = new Browser(app.baseUrl);
        Browser oldTab = new Browser(app.baseUrl);
        firstTab.get(link);
        oldTab.get(link);
        assertThat(firstTab.post(link, Map.of("accept", "yes")).statusCode()).isEqualTo(303);

        // Past the double-click window the old tab gets the "already activated" page, not a second activation.
        clock.advance(Duration.ofMinutes(11));
        HttpResponse<String> again = oldTab.post(link, Map.of("accept", "yes"));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("Al geactiveerd", "V1234567");
        assertThat(again.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(app.count("select count(*) from acceptance")).isEqualTo(1);
        assertThat(app.count("select count(*) from key_redemption")).isEqualTo(1);
    }

    @Test
    void accepting_an_expired_link_shows_the_expired_page_and_activates_nothing() {
        String link = importAndAwaitLink();
        Browser browser = new Browser(app.baseUrl);
        browser.get(link);
        clock.advance(Duration.ofDays(31));
        HttpResponse<String> late = browser.post(link, Map.of("accept", "yes"));
        assertThat(late.statusCode()).isEqualTo(410);
        assertThat(late.body()).contains("Deze koppeling is verlopen");
        assertThat(app.count("select count(*) from subscription")).isZero();
        assertThat(app.count("select count(*) from activation_link where used_at is not null")).isZero();
        assertThat(app.count("select count(*) from product_key where state = 'redeemed'")).isZero();
    }

    @Test
    void an_expired_link_offers_a_new_link_that_goes_to_the_designated_administrator() {
        String link = importAndAwaitLink();
        clock.advance(Duration.ofDays(31));
        Browser stranger = new Browser(app.baseUrl);
        HttpResponse<String> expired = stranger.get(link);
        assertThat(expired.statusCode()).isEqualTo(410);
        assertThat(expired.body()).contains("Deze koppeling is verlopen", "name=\"do\" value=\"renew\"");

        HttpResponse<String> renewed = stranger.post(link, Map.of("do", "renew"));
        assertThat(renewed.statusCode()).isEqualTo(200);
        assertThat(renewed.body()).contains("a…@fabrikam.example");
        MimeMessage fresh = app.awaitMessages(2).get(1);
        assertThat(Mails.to(fresh)).contains("anna@fabrikam.example");
        assertThat(Mails.link(fresh, app.baseUrl + "/activate/")).isNotEqualTo(link);
        assertThat(new Browser(app.baseUrl).get(link).statusCode()).isEqualTo(410);
    }

    @Test
    void two_simultaneous_renewals_send_one_new_link() {
        String link = importAndAwaitLink();
        clock.advance(Duration.ofDays(31));
        Browser a = new Browser(app.baseUrl);
        Browser b = new Browser(app.baseUrl);
        a.get(link);
        b.get(link);
        List<CompletableFuture<HttpResponse<String>>> posts = List.of(
                CompletableFuture.supplyAsync(() -> a.post(link, Map.of("do", "renew"))),
                CompletableFuture.supplyAsync(() -> b.post(link, Map.of("do", "renew"))));
        posts.forEach(CompletableFuture::join);
        assertThat(posts).allSatisfy(p -> assertThat(p.join().statusCode()).isIn(200, 410, 429));
        assertThat(app.count("select count(*) from outbox_message where kind = 'activation_link'")).isEqualTo(2);
    }

    @Test
    void an_agreement_without_administrator_tells_the_notices_contact_whom_to_designate() {
        app.importFeed("adatum.yaml", """
                schema: 1
                partner: { id: northwind-partners, name: "Northwind Partners BV" }
                agreements:
                  - number: V2468024
                    customer: { tenant: adatum.example, name: "Adatum Corporation" }
                    noticesContact: it-contracts@adatum.example
                    keys:
                      - { key: "%s", product: "Microsoft 365 Business Basic", seats: 15, termMonths: 12 }
                """.formatted(Feeds.KEY_C));
        MimeMessage notice = app.awaitMessages(1).get(0);
        assertThat(Mails.to(notice)).contains("it-contracts@adatum.example");
        assertThat(Mails.text(notice)).contains("V2468024", "Northwind Partners BV").containsIgnoringCase("online administrator");
        assertThat(app.count("select count(*) from activation_link")).isZero();
    }
}
