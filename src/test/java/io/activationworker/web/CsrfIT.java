package io.activationworker.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.testing.Browser;
import io.activationworker.testing.Feeds;
import io.activationworker.testing.Mails;
import io.activationworker.testing.Portal;
import io.activationworker.testing.TestApp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Form posts from other sites are refused with 403 whatever they carry; the post a browser makes
 * from our own page passes. The same check guards every form, so the activation form and the
 * sign-in form stand for all. (The check in a real Chromium is part of the portal's browser
 * end-to-end test; here the headers are the ones Chromium sends.)
 */
class CsrfIT {

    private static final String EVIL = "https://evil.example";

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private TestApp app;
    private String link;
    private String token;

    @BeforeEach
    void start() {
        app = TestApp.start();
        app.importFeed("northwind.yaml", Feeds.standard());
        link = Mails.link(app.awaitMessages(1).get(0), app.baseUrl + "/activate/");
        Browser page = new Browser(app.baseUrl);
        page.get(link);
        token = page.formToken().orElseThrow();
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void cross_site_and_tokenless_posts_are_refused_with_403_and_change_nothing() throws Exception {
        Map<String, HttpResponse<String>> answers = new LinkedHashMap<>();
        answers.put("cross-site, no token", post(link, token(null), "Origin", EVIL, "Sec-Fetch-Site", "cross-site"));
        answers.put("cross-site with a stolen token", post(link, token(token), "Origin", EVIL, "Sec-Fetch-Site", "cross-site"));
        answers.put("other Origin, no Sec-Fetch-Site", post(link, token(token), "Origin", EVIL));
        answers.put("same-site sibling", post(link, token(token), "Origin", "http://other.127.0.0.1.nip.io",
                "Sec-Fetch-Site", "same-site"));
        answers.put("sandboxed frame elsewhere", post(link, token(token), "Origin", "null", "Sec-Fetch-Site", "cross-site"));
        answers.put("same-origin, no token", post(link, token(null), "Origin", app.baseUrl, "Sec-Fetch-Site", "same-origin"));
        answers.put("same-origin, another form's token", post(link, token(otherToken(token)), "Origin", app.baseUrl,
                "Sec-Fetch-Site", "same-origin"));
        answers.put("no browser headers, no token", post(link, token(null)));
        answers.put("sign-in form from another site", post(app.baseUrl + "/signin", "email=anna%40fabrikam.example",
                "Origin", EVIL, "Sec-Fetch-Site", "cross-site"));

        answers.forEach((what, r) -> {
            assertThat(r.statusCode()).as(what).isEqualTo(403);
            assertThat(r.body()).as(what).contains("That action is not allowed");
            assertThat(r.headers().firstValue("Set-Cookie")).as(what).isEmpty();
        });
        assertThat(app.count("select count(*) from acceptance")).isZero();
        assertThat(app.count("select count(*) from activation_link where used_at is not null")).isZero();
        assertThat(app.count("select count(*) from web_session")).isZero();
        assertThat(app.count("select count(*) from outbox_message")).isEqualTo(1);
    }

    /** The token with its first character changed (a fixed "x" matched 1 token in 64). */
    private static String otherToken(String token) {
        return (token.charAt(0) == 'x' ? "y" : "x") + token.substring(1);
    }

    @Test
    void the_accept_form_posted_the_way_chromium_posts_it_from_our_page_passes() throws Exception {
        HttpResponse<String> accepted = post(link, token(token) + "&accept=yes",
                "Origin", app.baseUrl,
                "Sec-Fetch-Site", "same-origin",
                "Sec-Fetch-Mode", "navigate",
                "Sec-Fetch-Dest", "document",
                "Sec-Fetch-User", "?1");
        assertThat(accepted.statusCode()).isEqualTo(303);
        assertThat(accepted.headers().firstValue("Location")).hasValue("/products");
        assertThat(app.count("select count(*) from acceptance")).isEqualTo(1);
    }

    @Test
    void the_sign_in_forms_token_is_per_client_and_a_post_without_browser_headers_passes_only_with_its_own()
            throws Exception {
        Browser first = new Browser(app.baseUrl);
        first.get("/signin");
        Browser second = new Browser(app.baseUrl);
        second.get("/signin");
        String firstToken = first.formToken().orElseThrow();
        String secondToken = second.formToken().orElseThrow();
        assertThat(first.cookieHeader()).startsWith("aw_pre=");
        assertThat(firstToken).as("one token per client, not one for everyone").isNotEqualTo(secondToken);

        // Neither Sec-Fetch-Site nor Origin (an old browser, or a script): only the token decides.
        String email = "email=anna%40fabrikam.example";
        Map<String, HttpResponse<String>> refused = new LinkedHashMap<>();
        refused.put("another client's token", post(app.baseUrl + "/signin", email + "&csrf=" + firstToken,
                "Cookie", second.cookieHeader()));
        refused.put("no token", post(app.baseUrl + "/signin", email, "Cookie", second.cookieHeader()));
        refused.put("Origin: null, another client's token", post(app.baseUrl + "/signin", email + "&csrf=" + firstToken,
                "Cookie", second.cookieHeader(), "Origin", "null"));
        refused.put("a forged pre-session cookie", post(app.baseUrl + "/signin", email + "&csrf=" + firstToken,
                "Cookie", "aw_pre=" + "A".repeat(43)));
        refused.forEach((what, r) -> assertThat(r.statusCode()).as(what).isEqualTo(403));
        HttpResponse<String> noCookie = post(app.baseUrl + "/signin", email + "&csrf=" + firstToken);
        assertThat(noCookie.statusCode()).as("no pre-session: the form again, nothing sent").isEqualTo(400);
        assertThat(noCookie.body()).contains("This page was open too long").doesNotContain("on its way");
        assertThat(noCookie.headers().firstValue("Set-Cookie")).get().asString().startsWith("aw_pre=");

        HttpResponse<String> own = post(app.baseUrl + "/signin", email + "&csrf=" + secondToken,
                "Cookie", second.cookieHeader());
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).contains("a sign-in link is on its way");
        // Requests are handled in order on one thread: once this mail is there, the refused ones would be too.
        Portal.awaitMessage(app, "anna@fabrikam.example", text -> text.contains("/signin/"));
        assertThat(app.count("select count(*) from signin_link")).isEqualTo(1);
    }

    @Test
    void a_sign_in_links_button_needs_the_token_of_the_browser_that_opened_it() throws Exception {
        Browser asker = new Browser(app.baseUrl);
        asker.get("/signin");
        asker.post("/signin", Map.of("email", "anna@fabrikam.example"));
        String signinLink = Mails.link(Portal.awaitMessage(app, "anna@fabrikam.example", text -> text.contains("/signin/")),
                app.baseUrl + "/signin/");
        Browser opener = new Browser(app.baseUrl);
        opener.get(signinLink);
        Browser other = new Browser(app.baseUrl);
        other.get(signinLink);
        String openersToken = opener.formToken().orElseThrow();

        assertThat(other.post(signinLink, Map.of("csrf", openersToken)).statusCode()).isEqualTo(403);
        assertThat(post(signinLink, "csrf=" + openersToken, "Cookie", other.cookieHeader()).statusCode()).isEqualTo(403);
        HttpResponse<String> noCookie = post(signinLink, "csrf=" + openersToken);
        assertThat(noCookie.statusCode()).as("no pre-session: the button again").isEqualTo(200);
        assertThat(noCookie.body()).contains("Press the button once more");
        assertThat(app.count("select count(*) from web_session")).isZero();
        assertThat(app.count("select count(*) from signin_link where used_at is not null")).isZero();

        HttpResponse<String> signedIn = post(signinLink, "csrf=" + openersToken, "Cookie", opener.cookieHeader());
        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(signedIn.headers().firstValue("Set-Cookie")).get().asString().startsWith("aw_session=");
    }

    private static String token(String value) {
        return value == null ? "accept=yes" : "csrf=" + value + "&accept=yes";
    }

    private HttpResponse<String> post(String url, String form, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
