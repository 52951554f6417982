package io.activationworker.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.testing.Browser;
import io.activationworker.testing.BulkFeed;
import io.activationworker.testing.Feeds;
import io.activationworker.testing.Mails;
import io.activationworker.testing.MutableClock;
import io.activationworker.testing.Poll;
import io.activationworker.testing.RawHttp;
import io.activationworker.testing.TestApp;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The headers every response carries, whatever the route and status; no-store on every page that
 * shows agreement data; and links in mail built from public.base-url only, never from the
 * request's Host or X-Forwarded-Host.
 */
class SecurityHeadersIT {

    private TestApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void every_response_carries_the_security_headers_and_agreement_pages_are_not_stored() throws Exception {
        app = TestApp.start();
        app.importFeed("northwind.yaml", Feeds.standard());
        String link = Mails.link(app.awaitMessages(1).get(0), app.baseUrl + "/activate/");
        Browser browser = new Browser(app.baseUrl);
        Map<String, HttpResponse<String>> agreementPages = new LinkedHashMap<>();
        Map<String, HttpResponse<String>> others = new LinkedHashMap<>();

        others.put("home", browser.get("/"));
        others.put("sign-in form", browser.get("/signin"));
        others.put("healthz", browser.get("/healthz"));
        others.put("readyz", browser.get("/readyz"));
        others.put("stylesheet", browser.get("/static/style.css"));
        others.put("unknown page", browser.get("/nothing-here"));
        others.put("unknown token", browser.get("/activate/" + "A".repeat(43)));
        others.put("products before sign-in", browser.get("/products"));
        others.put("wrong method", send("PUT", link));
        others.put("HEAD of the link", send("HEAD", link));
        agreementPages.put("activation page", browser.get(link));
        others.put("post without the box ticked", browser.post(link, Map.of()));
        others.put("accept", browser.post(link, Map.of("accept", "yes")));
        agreementPages.put("your products", browser.get("/products"));
        String redeem = matching(agreementPages.get("your products").body(), "/products/\\d+/redeem\\?action=add");
        agreementPages.put("redeem: choose", browser.get(redeem));
        agreementPages.put("redeem: key", browser.get(redeem + "&step=key"));
        agreementPages.put("redeem: review", browser.post(redeem.replace("?action=add", ""),
                Map.of("action", "add", "key1", Feeds.RETAIL_1)));
        agreementPages.put("redeem: done", browser.post(redeem.replace("?action=add", "/confirm"), Map.of()));
        agreementPages.put("used link", new Browser(app.baseUrl).get(link));
        app.importFeed("northwind.yaml", Feeds.agreement("Bram Jansen", "bram@fabrikam.example", Feeds.KEY_A, Feeds.KEY_B));
        String bramsLink = Poll.until(Duration.ofSeconds(20), "Bram's activation email", () -> {
            try {
                return linkTo("bram@fabrikam.example");
            } catch (AssertionError notYet) {
                return null;
            }
        });
        app.importFeed("northwind.yaml", Feeds.agreement("Carla Smit", "carla@fabrikam.example", Feeds.KEY_A, Feeds.KEY_B));
        agreementPages.put("revoked link", new Browser(app.baseUrl).get(bramsLink));
        others.put("cross-site post", crossSitePost(link));

        assertThat(agreementPages.get("revoked link").statusCode()).isEqualTo(410);
        assertThat(agreementPages.get("redeem: done").statusCode()).isEqualTo(200);
        Map<String, HttpResponse<String>> all = new LinkedHashMap<>(others);
        all.putAll(agreementPages);
        all.forEach((what, r) -> {
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(what + " " + r.statusCode()).get().asString()
                    .contains("default-src 'none'", "frame-ancestors 'none'");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
            assertThat(r.headers().firstValue("Referrer-Policy")).as(what).hasValue("no-referrer");
        });
        agreementPages.forEach((what, r) -> {
            assertThat(r.statusCode()).as(what).isIn(200, 410);
            assertThat(r.headers().firstValue("Cache-Control")).as(what).hasValue("no-store");
        });
        others.forEach((what, r) -> {
            if (r.headers().firstValue("Content-Type").orElse("").startsWith("text/html")) {
                assertThat(r.headers().firstValue("Cache-Control")).as(what).hasValue("no-store");
            }
        });
    }

    @Test
    void links_in_mail_come_from_public_base_url_never_from_host_or_forwarded_headers() throws Exception {
        MutableClock clock = MutableClock.now();
        app = TestApp.start(Map.of(), clock, true, true);
        int port = URI.create(app.baseUrl).getPort();
        app.importFeed("northwind.yaml", Feeds.standard());
        app.importFeed("bulk.yaml", BulkFeed.yaml("bulk", 1, 1));
        Poll.until(Duration.ofSeconds(20), "both activation emails sent",
                () -> app.count("select count(*) from outbox_message where state = 'sent'") == 2);
        String annasLink = linkTo("anna@fabrikam.example");
        String expiringLink = linkTo(BulkFeed.email(1));

        // Accept, ask for a sign-in link, and (a month later) ask for a fresh link, each with forged host headers.
        Browser page = new Browser(app.baseUrl);
        page.get(annasLink);
        RawHttp.Response accepted = forgedPost(port, annasLink, "csrf=" + page.formToken().orElseThrow() + "&accept=yes");
        assertThat(accepted.status()).isEqualTo(303);
        assertThat(accepted.header("Location")).isEqualTo("/products");
        page.get("/signin");
        assertThat(forgedPost(port, app.baseUrl + "/signin", "csrf=" + page.formToken().orElseThrow() + "&email="
                + URLEncoder.encode("anna@fabrikam.example", StandardCharsets.UTF_8), page.cookieHeader()).status())
                .isEqualTo(200);
        clock.advance(Duration.ofDays(31));
        page.get(expiringLink);
        assertThat(forgedPost(port, expiringLink, "csrf=" + page.formToken().orElseThrow() + "&do=renew").status())
                .isEqualTo(200);

        Poll.until(Duration.ofSeconds(20), "confirmation, sign-in link and fresh link sent", () -> app.count("""
                select count(*) from outbox_message where state = 'sent'
                   and kind in ('activation_confirmation', 'signin_link', 'activation_link')""") == 5);
        for (MimeMessage m : app.smtp.getReceivedMessages()) {
            String whole = Mails.text(m) + Mails.html(m) + headers(m);
            assertThat(whole).doesNotContain("evil");
            Matcher url = Pattern.compile("https?://[^\\s\"'<>]+").matcher(Mails.text(m) + Mails.html(m));
            while (url.find()) {
                assertThat(url.group()).startsWith(app.baseUrl + "/");
            }
        }
        assertThat(Mails.text(app.smtp.getReceivedMessages()[app.smtp.getReceivedMessages().length - 1]))
                .contains(app.baseUrl + "/");
    }

    private String linkTo(String address) {
        for (MimeMessage m : app.smtp.getReceivedMessages()) {
            if (Mails.to(m).contains(address)) {
                return Mails.link(m, app.baseUrl + "/activate/");
            }
        }
        throw new AssertionError("no email to " + address);
    }

    /** A post with every header a proxy or an attacker could use to suggest another host. */
    private static RawHttp.Response forgedPost(int port, String url, String form) {
        return forgedPost(port, url, form, "");
    }

    /** As above, with the browser's cookies (the sign-in form's token is bound to its pre-session cookie). */
    private static RawHttp.Response forgedPost(int port, String url, String form, String cookies) {
        return RawHttp.send(port, "POST " + URI.create(url).getRawPath() + " HTTP/1.1\r\n"
                + (cookies.isEmpty() ? "" : "Cookie: " + cookies + "\r\n")
                + "Host: evil.example\r\nX-Forwarded-Host: evil.example\r\nX-Forwarded-Proto: https\r\n"
                + "X-Forwarded-Port: 443\r\nForwarded: host=evil.example;proto=https\r\nX-Original-URL: https://evil.example/\r\n"
                + "Origin: null\r\nSec-Fetch-Site: same-origin\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + form.length() + "\r\nConnection: close\r\n\r\n" + form);
    }

    private static String headers(MimeMessage m) throws MessagingException {
        StringBuilder all = new StringBuilder();
        for (Header h : Collections.list(m.getAllHeaders())) {
            all.append(h.getName()).append(": ").append(h.getValue()).append('\n');
        }
        return all.toString();
    }

    private HttpResponse<String> send(String method, String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> crossSitePost(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Origin", "https://evil.example").header("Sec-Fetch-Site", "cross-site")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("accept=yes")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String matching(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("page contains " + regex).isTrue();
        return m.group();
    }
}
