package io.activationworker.activation;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.testing.Browser;
import io.activationworker.testing.Feeds;
import io.activationworker.testing.Mails;
import io.activationworker.testing.MutableClock;
import io.activationworker.testing.Portal;
import io.activationworker.testing.TestApp;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "The email never arrived" ({@code /activation-mail}): a fresh link to the designated administrator
 * only, the old one revoked, the same answer whether or not the pair matches, rate limited.
 */
class ActivationMailIT {

    private static final String ANNA = "anna@fabrikam.example";
    private static final String BOB = "bob@contoso.example";

    private final MutableClock clock = MutableClock.now();
    private TestApp app;

    @BeforeEach
    void start() {
        app = TestApp.start(Map.of(), clock, true, true);
        app.importFeed("northwind.yaml", Feeds.twoOrganisations("Bob Jansen", BOB));
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private HttpResponse<String> ask(String number, String email) {
        return ask(new Browser(app.baseUrl), number, email);
    }

    private static HttpResponse<String> ask(Browser browser, String number, String email) {
        assertThat(browser.get("/activation-mail").statusCode()).isEqualTo(200);
        return browser.post("/activation-mail", Map.of("agreement", number, "email", email));
    }

    private long links(String number) {
        return app.count("select count(*) from activation_link where agreement_number = '" + number + "'");
    }

    @Test
    void a_matching_pair_gets_a_fresh_link_to_the_administrator_and_the_old_one_stops_working() {
        String old = Mails.link(Portal.awaitMessage(app, ANNA, t -> t.contains("/activate/")), app.baseUrl + "/activate/");
        Set<String> seen = Portal.receivedIds(app);

        HttpResponse<String> answer = ask("v1234567", "Anna@Fabrikam.Example");
        assertThat(answer.statusCode()).isEqualTo(200);

        MimeMessage fresh = Portal.awaitMessage(app, seen, ANNA, t -> t.contains("/activate/"));
        String link = Mails.link(fresh, app.baseUrl + "/activate/");
        assertThat(link).isNotEqualTo(old);
        Browser browser = new Browser(app.baseUrl);
        assertThat(browser.get(old).statusCode()).as("old link").isEqualTo(410);
        assertThat(browser.get(link).statusCode()).as("new link").isEqualTo(200);
        assertThat(browser.post(link, Map.of("accept", "yes")).statusCode()).isEqualTo(303);
    }

    @Test
    void a_pair_that_does_not_match_gets_the_same_answer_and_nothing_is_sent() {
        Portal.awaitMessage(app, BOB, t -> t.contains("/activate/"));
        Browser browser = new Browser(app.baseUrl);
        HttpResponse<String> wrong = ask(browser, "V1234567", "mallory@evil.example");
        HttpResponse<String> unknown = ask(browser, "V0000000", ANNA);
        Set<String> seen = Portal.receivedIds(app);
        HttpResponse<String> right = ask(browser, "V7654321", BOB);
        assertThat(wrong.headers().allValues("Set-Cookie")).isEqualTo(right.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(wrong.statusCode()).isEqualTo(unknown.statusCode()).isEqualTo(right.statusCode()).isEqualTo(200);
        assertThat(wrong.body()).isEqualTo(unknown.body()).isEqualTo(right.body());

        // Requests are answered once stored, in order: when Bob's new link arrives, the two before were handled.
        Portal.awaitMessage(app, seen, BOB, t -> t.contains("/activate/"));
        assertThat(links("V1234567")).isEqualTo(1);
        assertThat(app.count("select count(*) from outbox_message where recipient_email = 'mallory@evil.example'")).isZero();
        assertThat(app.count("select count(*) from activation_link where revoked_at is not null "
                + "and agreement_number = 'V1234567'")).isZero();
    }

    @Test
    void a_second_request_within_the_hour_sends_nothing_and_one_an_hour_later_does() {
        Portal.awaitMessage(app, ANNA, t -> t.contains("/activate/"));
        Set<String> seen = Portal.receivedIds(app);
        ask("V1234567", ANNA);
        Portal.awaitMessage(app, seen, ANNA, t -> t.contains("/activate/"));
        assertThat(links("V1234567")).isEqualTo(2);

        ask("V1234567", ANNA);
        Set<String> before = Portal.receivedIds(app);
        ask("V7654321", BOB);
        Portal.awaitMessage(app, before, BOB, t -> t.contains("/activate/"));
        assertThat(links("V1234567")).as("rate limited").isEqualTo(2);

        clock.advance(Duration.ofMinutes(61));
        Set<String> later = Portal.receivedIds(app);
        ask("V1234567", ANNA);
        Portal.awaitMessage(app, later, ANNA, t -> t.contains("/activate/"));
        assertThat(links("V1234567")).isEqualTo(3);
    }

    @Test
    void the_form_is_linked_from_the_sign_in_page_the_start_page_and_an_expired_link() {
        String link = Mails.link(Portal.awaitMessage(app, ANNA, t -> t.contains("/activate/")),
                app.baseUrl + "/activate/");
        Browser browser = new Browser(app.baseUrl);
        assertThat(browser.get("/signin").body()).contains("href=\"/activation-mail\"");
        assertThat(browser.get("/").body()).contains("href=\"/activation-mail\"");
        clock.advance(Duration.ofDays(31));
        HttpResponse<String> expired = browser.get(link);
        assertThat(expired.statusCode()).isEqualTo(410);
        assertThat(expired.body()).contains("href=\"/activation-mail?agreement=V1234567\"");
        assertThat(browser.get("/activation-mail?agreement=V1234567").body()).contains("value=\"V1234567\"");
    }

    @Test
    void a_post_without_the_browsers_form_token_sends_nothing() {
        Portal.awaitMessage(app, ANNA, t -> t.contains("/activate/"));
        // No pre-session cookie (it expired, or the form was never loaded): the form again, nothing started.
        Browser fresh = new Browser(app.baseUrl);
        assertThat(fresh.post("/activation-mail", Map.of("agreement", "V1234567", "email", ANNA)).statusCode())
                .isEqualTo(400);
        // A token that is not this browser's.
        Browser other = new Browser(app.baseUrl);
        other.get("/activation-mail");
        assertThat(other.post("/activation-mail", Map.of("csrf", "forged", "agreement", "V1234567", "email", ANNA))
                .statusCode()).isEqualTo(403);
        assertThat(links("V1234567")).isEqualTo(1);
    }
}
