package io.activationworker.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.testing.Browser;
import io.activationworker.testing.Feeds;
import io.activationworker.testing.Mails;
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
