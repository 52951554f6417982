package io.activationworker.activation;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.testing.Browser;
import io.activationworker.testing.Feeds;
import io.activationworker.testing.Mails;
import io.activationworker.testing.RawHttp;
import io.activationworker.testing.TestApp;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Whatever is put where the activation token goes, the answer is the one 404 page: never a 500,
 * never the input echoed back, and GET, HEAD and POST of a bad token change nothing.
 */
class HostileTokensIT {

    private TestApp app;
    private String token;
    private int port;

    @BeforeEach
    void start() {
        app = TestApp.start();
        app.importFeed("northwind.yaml", Feeds.standard());
        String link = Mails.link(app.awaitMessages(1).get(0), app.baseUrl + "/activate/");
        token = link.substring(link.lastIndexOf('/') + 1);
        port = URI.create(app.baseUrl).getPort();
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void every_malformed_or_unknown_token_gets_the_same_404_page_whatever_the_method() {
        String notFound = get("A".repeat(43)).body();
        assertThat(get("A".repeat(43)).status()).isEqualTo(404);
        assertThat(notFound).contains("Page not found");
        String csrf = formTokenOfTheRealLink();
        String before = state();

        for (String hostile : hostileTokens()) {
            String label = hostile.length() > 60 ? hostile.substring(0, 20) + "… (" + hostile.length() + " characters)" : hostile;
            RawHttp.Response get = get(hostile);
            assertThat(get.status()).as("GET " + label).isEqualTo(404);
            assertThat(get.body()).as("GET " + label).isEqualTo(notFound);
            assertThat(get.header("Set-Cookie")).as("GET " + label).isNull();
            assertThat(get.header("Content-Security-Policy")).as("GET " + label).contains("frame-ancestors 'none'");
            assertNotEchoed(get.body(), hostile);

            RawHttp.Response head = RawHttp.send(port, "HEAD /activate/" + hostile + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\n\r\n");
            assertThat(head.status()).as("HEAD " + label).isEqualTo(404);

            String form = "csrf=" + csrf + "&accept=yes";
            RawHttp.Response post = RawHttp.send(port, "POST /activate/" + hostile + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Origin: null\r\nSec-Fetch-Site: same-origin\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: " + form.length() + "\r\nConnection: close\r\n\r\n" + form);
            assertThat(post.status()).as("POST " + label).isEqualTo(404);
            assertThat(post.body()).as("POST " + label).isEqualTo(notFound);
        }
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void sign_in_links_answer_the_same_404_to_malformed_tokens_and_a_link_gone_page_to_unknown_ones() {
        String notFound = get("A".repeat(43)).body();
        String before = state();
        for (String hostile : hostileTokens()) {
            if (hostile.matches("[A-Za-z0-9_-]{43}")) {
                continue;
            }
            RawHttp.Response r = RawHttp.send(port, "GET /signin/" + hostile + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\n\r\n");
            assertThat(r.status()).as("GET /signin/" + hostile).isEqualTo(404);
            assertThat(r.body()).isEqualTo(notFound);
            assertNotEchoed(r.body(), hostile);
        }
        // A well-formed token that is not (or no longer) a sign-in link: "ask for a new link", revealing nothing.
        RawHttp.Response unknown = RawHttp.send(port, "GET /signin/" + "A".repeat(43) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(unknown.status()).isEqualTo(410);
        assertThat(unknown.body()).contains("/signin");
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void get_and_head_of_the_real_link_show_it_and_change_nothing() {
        String before = state();
        for (int i = 0; i < 3; i++) {
            RawHttp.Response page = get(token);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("Set-Cookie")).as("a pre-session for the accept form, no session")
                    .startsWith("aw_pre=").doesNotContain("aw_session");
            assertThat(RawHttp.send(port, "HEAD /activate/" + token + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .status()).isEqualTo(200);
        }
        assertThat(state()).isEqualTo(before);
    }

    private List<String> hostileTokens() {
        char flipped = token.charAt(10) == 'A' ? 'B' : 'A';
        List<String> tokens = new ArrayList<>(List.of(
                token.substring(0, 10) + flipped + token.substring(11),   // one character flipped
                token.toUpperCase().equals(token) ? token.toLowerCase() : token.toUpperCase(),
                token + "A",
                token.substring(1),
                "",
                "x".repeat(10 * 1024),
                "%0d%0aSet-Cookie:%20injected=1",
                token.substring(0, 20) + "%0d%0a" + token.substring(20),
                "%00",
                token.substring(0, 42) + "%00",
                "%C3%A9t%C3%A9",
                "%E2%80%AE" + token.substring(3),
                "..%2F..%2Fetc%2Fpasswd",
                "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
                "../../etc/passwd",
                "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
                "%25%32%65%25%32%65"));
        return tokens;
    }

    private static void assertNotEchoed(String body, String hostile) {
        String decoded;
        try {
            decoded = URLDecoder.decode(hostile, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            decoded = hostile;
        }
        if (decoded.length() >= 3) {
            assertThat(body).doesNotContain(decoded);
        }
        if (hostile.length() >= 3) {
            assertThat(body).doesNotContain(hostile);
        }
        assertThat(body).doesNotContain("injected", "passwd", "<script>", "\u0000", "\u202E");
    }

    private RawHttp.Response get(String rawToken) {
        return RawHttp.send(port, "GET /activate/" + rawToken + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    }

    private String formTokenOfTheRealLink() {
        Browser browser = new Browser(app.baseUrl);
        browser.get("/activate/" + token);
        return browser.formToken().orElseThrow();
    }

    /** What a GET, HEAD or refused POST must never change. */
    private String state() {
        return app.text("""
                select (select count(*) from acceptance) || ' ' || (select count(*) from web_session) || ' '
                    || (select count(*) from outbox_message) || ' ' || (select count(*) from subscription) || ' '
                    || (select count(*) from key_redemption) || ' ' || (select count(*) from attempt_log) || ' '
                    || (select count(*) from activation_link where used_at is null and revoked_at is null) || ' '
                    || (select count(*) from product_key where state = 'unused')
                """);
    }
}
