package io.activationworker.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.testing.Browser;
import io.activationworker.testing.Feeds;
import io.activationworker.testing.Mails;
import io.activationworker.testing.Poll;
import io.activationworker.testing.TestApp;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Client addresses behind a reverse proxy (http.trusted-proxies), and sign-in limits that key on
 * them: one client's requests never stop another client's sign-in, and a throttled request gets an
 * honest "try again at HH:MM" answer, the same for known and unknown addresses.
 */
class ClientAddressIT {

    private static final String ANNA = "anna@fabrikam.example";
    private TestApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void two_clients_behind_one_trusted_proxy_are_limited_separately_and_recorded_with_their_own_address() {
        app = TestApp.start(Map.of("http.trusted-proxies", "127.0.0.1"), Clock.systemUTC(), true, true);
        app.importFeed("northwind.yaml", Feeds.standard());
        String link = Mails.link(app.awaitMessages(1).get(0), app.baseUrl + "/activate/");

        Browser first = new Browser(app.baseUrl).withHeader("X-Forwarded-For", "198.51.100.1");
        first.get("/signin");
        for (int i = 0; i < 5; i++) {
            assertThat(first.post("/signin", Map.of("email", "nobody" + i + "@example.org")).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> sixth = first.post("/signin", Map.of("email", ANNA));
        assertThat(sixth.statusCode()).isEqualTo(429);
        assertThat(sixth.body()).containsPattern("Try again at \\d\\d:\\d\\d \\(UTC\\)").doesNotContain("on its way");

        Browser second = new Browser(app.baseUrl).withHeader("Forwarded", "for=\"198.51.100.2:5555\"");
        second.get("/signin");
        HttpResponse<String> other = second.post("/signin", Map.of("email", ANNA));
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.body()).contains("on its way");
        Poll.until(Duration.ofSeconds(20), "Anna's sign-in link sent",
                () -> app.count("select count(*) from outbox_message where kind = 'signin_link' and state = 'sent'") == 1);
        assertThat(app.count("select count(*) from attempt_log where scope = 'signin' and subject = 'ip:198.51.100.1'"))
                .isEqualTo(5);
        assertThat(app.count("select count(*) from attempt_log where scope = 'signin' and subject = 'ip:198.51.100.2'"))
                .isEqualTo(1);
        assertThat(app.count("select count(*) from attempt_log where subject like '%127.0.0.1%'")).isZero();

        Browser accepting = new Browser(app.baseUrl).withHeader("X-Forwarded-For", "203.0.113.50, 127.0.0.1");
        accepting.get(link);
        assertThat(accepting.post(link, Map.of("accept", "yes")).statusCode()).isEqualTo(303);
        assertThat(app.text("select remote_address from acceptance")).isEqualTo("203.0.113.50");
    }

    @Test
    void forged_forwarding_headers_from_an_untrusted_peer_change_nothing() {
        app = TestApp.start();
        app.importFeed("northwind.yaml", Feeds.standard());
        String link = Mails.link(app.awaitMessages(1).get(0), app.baseUrl + "/activate/");
        for (int i = 0; i < 5; i++) {
            Browser forger = new Browser(app.baseUrl).withHeader("X-Forwarded-For", "198.51.100." + i)
                    .withHeader("Forwarded", "for=198.51.100." + i);
            forger.get("/signin");
            assertThat(forger.post("/signin", Map.of("email", "nobody@example.org")).statusCode()).isEqualTo(200);
        }
        Browser sixth = new Browser(app.baseUrl).withHeader("X-Forwarded-For", "198.51.100.99");
        sixth.get("/signin");
        HttpResponse<String> known = sixth.post("/signin", Map.of("email", ANNA));
        HttpResponse<String> unknown = sixth.post("/signin", Map.of("email", "nobody@example.org"));
        assertThat(known.statusCode()).isEqualTo(429);
        assertThat(unknown.statusCode()).isEqualTo(429);
        assertThat(withoutFormToken(known.body())).isEqualTo(withoutFormToken(unknown.body()));
        assertThat(app.count("select count(*) from attempt_log where subject = 'ip:127.0.0.1'")).isEqualTo(5);
        assertThat(app.count("select count(*) from attempt_log where subject like '%198.51.100%'")).isZero();

        Browser accepting = new Browser(app.baseUrl).withHeader("X-Forwarded-For", "203.0.113.50");
        accepting.get(link);
        assertThat(accepting.post(link, Map.of("accept", "yes")).statusCode()).isEqualTo(303);
        assertThat(app.text("select remote_address from acceptance")).isEqualTo("127.0.0.1");
    }

    @Test
    void the_throttled_answer_is_dutch_for_a_dutch_browser() {
        app = TestApp.start();
        Browser browser = new Browser(app.baseUrl).withHeader("Accept-Language", "nl-NL,nl;q=0.9");
        browser.get("/signin");
        HttpResponse<String> last = null;
        for (int i = 0; i < 6; i++) {
            last = browser.post("/signin", Map.of("email", "nobody@example.org"));
        }
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(last.body()).containsPattern("Probeer het opnieuw om \\d\\d:\\d\\d \\(UTC\\)");
    }

    private static String withoutFormToken(String page) {
        return page.replaceAll("name=\"csrf\" value=\"[^\"]*\"", "");
    }
}
