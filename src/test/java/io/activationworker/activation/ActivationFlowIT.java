package io.activationworker.activation;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.feed.ImportReport;
import io.activationworker.testing.Browser;
import io.activationworker.testing.Feeds;
import io.activationworker.testing.Mails;
import io.activationworker.testing.Portal;
import io.activationworker.testing.TestApp;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The core slice end to end: feed → outbox → email → link → accept → subscription → confirmation. */
class ActivationFlowIT {

    private TestApp app;

    @BeforeEach
    void start() {
        app = TestApp.start();
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void administrator_activates_from_the_emailed_link_and_gets_a_confirmation() throws Exception {
        ImportReport report = app.importFeed("northwind.yaml", Feeds.standard());
        assertThat(report.rejections()).isEmpty();
        assertThat(report.agreementsNew()).isEqualTo(1);

        MimeMessage mail = app.awaitMessages(1).get(0);
        assertThat(mail.getContentType()).startsWith("multipart/alternative");
        MimeMultipart parts = (MimeMultipart) mail.getContent();
        assertThat(parts.getBodyPart(0).getContentType()).containsIgnoringCase("text/plain").containsIgnoringCase("utf-8");
        assertThat(parts.getBodyPart(1).getContentType()).containsIgnoringCase("text/html");
        assertThat(mail.getHeader("Message-ID")[0]).endsWith("@activation.test>");
        assertThat(Mails.to(mail)).contains("anna@fabrikam.example");
        String text = Mails.text(mail);
        assertThat(mail.getSubject()).contains("V1234567");
        assertThat(text).contains("Fabrikam NV", "Microsoft 365 Business Premium", "25", "12", "Northwind Partners BV");
        assertThat(text).containsIgnoringCase("uw"); // the agreement's locale is nl
        String link = Mails.link(mail, app.baseUrl + "/activate/");

        // A mail scanner opens the link first: GET and HEAD change nothing.
        Browser browser = new Browser(app.baseUrl);
        HttpResponse<String> page = browser.get(link);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("V1234567", "Fabrikam NV", "Microsoft 365 Business Premium", "Open License");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString().contains("frame-ancestors 'none'");
        browser.get(link);
        assertThat(app.count("select count(*) from subscription")).isZero();
        assertThat(app.count("select count(*) from activation_link where used_at is not null")).isZero();

        HttpResponse<String> accepted = browser.post(link, Map.of("accept", "yes"));
        assertThat(accepted.statusCode()).isEqualTo(303);
        assertThat(accepted.headers().firstValue("Location")).hasValue("/products");
        assertThat(accepted.headers().firstValue("Set-Cookie")).get().asString()
                .contains("HttpOnly", "SameSite=Lax");

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(app.text("select seats || ' ' || end_date || ' ' || state from subscription where tenant_id = 'fabrikam.example'"))
                .isEqualTo("25 " + today.plusMonths(12) + " active");
        assertThat(app.count("select count(*) from acceptance where terms_sha256 ~ '^[0-9a-f]{64}$'")).isEqualTo(1);

        HttpResponse<String> products = browser.get("/products");
        assertThat(products.body()).contains("Microsoft 365 Business Premium", "25");

        List<MimeMessage> all = app.awaitMessages(2);
        MimeMessage confirmation = all.get(1);
        assertThat(Mails.to(confirmation)).contains("anna@fabrikam.example");
        assertThat(Mails.text(confirmation)).contains("Microsoft 365 Business Premium", "25");

        // The used link now says what happened, with 200.
        HttpResponse<String> used = new Browser(app.baseUrl).get(link);
        assertThat(used.statusCode()).isEqualTo(200);
        assertThat(used.body()).contains("V1234567", "Microsoft 365 Business Premium");
    }

    @Test
    void second_accept_shows_the_same_result_and_activates_once() {
        app.importFeed("northwind.yaml", Feeds.standard());
        String link = Mails.link(app.awaitMessages(1).get(0), app.baseUrl + "/activate/");
        Browser tab1 = new Browser(app.baseUrl);
        Browser tab2 = tab1.newTab();
        tab1.get(link);
        tab2.get(link);
        assertThat(tab1.post(link, Map.of("accept", "yes")).statusCode()).isEqualTo(303);
        HttpResponse<String> second = tab2.post(link, Map.of("accept", "yes"));
        assertThat(second.statusCode()).isEqualTo(303);
        assertThat(second.headers().firstValue("Location")).hasValue("/products");
        assertThat(app.count("select count(*) from key_redemption")).isEqualTo(1);
        assertThat(app.count("select count(*) from acceptance")).isEqualTo(1);
        assertThat(app.count("select count(*) from outbox_message where kind = 'activation_confirmation'")).isEqualTo(1);
    }

    @Test
    void a_replayed_accept_from_another_client_gets_the_already_activated_page_and_no_cookie() throws Exception {
        app.importFeed("northwind.yaml", Feeds.standard());
        String link = Mails.link(app.awaitMessages(1).get(0), app.baseUrl + "/activate/");
        Browser administrator = new Browser(app.baseUrl);
        administrator.get(link);
        String oldFormToken = administrator.formToken().orElseThrow();
        assertThat(administrator.post(link, Map.of("accept", "yes")).statusCode()).isEqualTo(303);

        // Someone who saw the form (a proxy log, a shared screen) replays it within a minute.
        Map<String, HttpResponse<String>> replays = new LinkedHashMap<>();
        replays.put("no box ticked, no browser headers", raw(link, "csrf=" + oldFormToken));
        replays.put("box ticked, no browser headers", raw(link, "csrf=" + oldFormToken + "&accept=yes"));
        replays.put("no box ticked, same-origin headers", new Browser(app.baseUrl).post(link, Map.of("csrf", oldFormToken)));
        replays.put("box ticked, a pre-session of its own", replayWithOwnPreSession(link, oldFormToken));
        replays.forEach((what, r) -> {
            assertThat(r.statusCode()).as(what).isEqualTo(200);
            assertThat(r.body()).as(what).contains("Al geactiveerd", "V1234567");
            assertThat(r.headers().allValues("Set-Cookie")).as(what).isEmpty();
        });
        assertThat(app.count("select count(*) from web_session")).as("only the administrator's").isEqualTo(1);
        assertThat(app.count("select count(*) from acceptance")).isEqualTo(1);
    }

    @Test
    void a_double_click_from_the_same_browser_lands_on_your_products() {
        app.importFeed("northwind.yaml", Feeds.standard());
        String link = Mails.link(app.awaitMessages(1).get(0), app.baseUrl + "/activate/");
        Browser browser = new Browser(app.baseUrl);
        browser.get(link);
        Browser secondClick = browser.newTab();
        secondClick.get(link);
        String formToken = secondClick.formToken().orElseThrow();
        assertThat(browser.post(link, Map.of("accept", "yes")).statusCode()).isEqualTo(303);

        // The first answer, with its cookie, is dropped by the browser when the second click replaces it.
        browser.dropCookie("aw_session");
        HttpResponse<String> second = secondClick.post(link, Map.of("accept", "yes"));
        assertThat(second.statusCode()).isEqualTo(303);
        assertThat(second.headers().firstValue("Location")).hasValue("/products");
        assertThat(second.headers().firstValue("Set-Cookie")).get().asString().startsWith("aw_session=");
        assertThat(secondClick.get("/products").statusCode()).isEqualTo(200);

        // A third click, now signed in: Your products again, no further session.
        HttpResponse<String> third = secondClick.post(link, Map.of("csrf", formToken, "accept", "yes"));
        assertThat(third.statusCode()).isEqualTo(303);
        assertThat(third.headers().firstValue("Location")).hasValue("/products");
        assertThat(third.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(app.count("select count(*) from web_session")).isEqualTo(2);
        assertThat(app.count("select count(*) from acceptance")).isEqualTo(1);
    }

    private HttpResponse<String> raw(String url, String form) throws Exception {
        return app.http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A client holding a pre-session of its own (from the sign-in form) posts the old form token. */
    private HttpResponse<String> replayWithOwnPreSession(String link, String oldFormToken) {
        Browser stranger = new Browser(app.baseUrl);
        stranger.get("/signin");
        assertThat(stranger.cookieHeader()).startsWith("aw_pre=");
        return stranger.post(link, Map.of("csrf", oldFormToken, "accept", "yes"));
    }

    @Test
    void accept_without_the_box_ticked_changes_nothing_and_says_why() {
        app.importFeed("northwind.yaml", Feeds.standard());
        String link = Mails.link(app.awaitMessages(1).get(0), app.baseUrl + "/activate/");
        Browser browser = new Browser(app.baseUrl);
        browser.get(link);
        HttpResponse<String> response = browser.post(link, Map.of());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("class=\"error\"");
        assertThat(app.count("select count(*) from subscription")).isZero();
    }

    @Test
    void reimporting_the_same_feed_sends_nothing() {
        app.importFeed("northwind.yaml", Feeds.standard());
        app.awaitMessages(1);
        ImportReport again = app.importFeed("northwind.yaml", Feeds.standard());
        assertThat(again.agreementsUnchanged()).isEqualTo(1);
        assertThat(again.agreementsNew() + again.agreementsChanged()).isZero();
        assertThat(app.count("select count(*) from outbox_message")).isEqualTo(1);
    }

    @Test
    void a_new_key_on_a_known_agreement_sends_one_new_activation_email() {
        app.importFeed("northwind.yaml", Feeds.agreement("Anna de Vries", "anna@fabrikam.example", Feeds.KEY_A));
        app.awaitMessages(1);
        app.importFeed("northwind.yaml", Feeds.agreement("Anna de Vries", "anna@fabrikam.example", Feeds.KEY_A, Feeds.KEY_B));
        List<MimeMessage> mails = app.awaitMessages(2);
        assertThat(app.count("select count(*) from outbox_message where kind = 'activation_link'")).isEqualTo(2);
        assertThat(Mails.text(mails.get(1))).contains("Microsoft 365 Business Premium");
        assertThat(app.count("select count(*) from activation_link where revoked_at is null")).isEqualTo(2);
    }

    @Test
    void a_changed_administrator_revokes_old_links_and_the_new_one_gets_a_link() {
        app.importFeed("northwind.yaml", Feeds.agreement("Anna de Vries", "anna@fabrikam.example", Feeds.KEY_A));
        String oldLink = Mails.link(app.awaitMessages(1).get(0), app.baseUrl + "/activate/");
        app.importFeed("northwind.yaml", Feeds.agreement("Bram Jansen", "bram@fabrikam.example", Feeds.KEY_A));
        // Anna is also told she no longer administers it (issue 17): find Bram's mail by recipient, not position.
        MimeMessage toBram = Portal.awaitMessage(app, "bram@fabrikam.example", text -> text.contains("/activate/"));

        HttpResponse<String> old = new Browser(app.baseUrl).get(oldLink);
        assertThat(old.statusCode()).isEqualTo(410);
        HttpResponse<String> fresh = new Browser(app.baseUrl).get(Mails.link(toBram, app.baseUrl + "/activate/"));
        assertThat(fresh.statusCode()).isEqualTo(200);
        assertThat(fresh.body()).contains("bram@fabrikam.example");
    }

    @Test
    void unknown_and_malformed_tokens_are_the_same_404() {
        Browser browser = new Browser(app.baseUrl);
        String valid = "A".repeat(43);
        for (String token : List.of(valid, "short", "%0d%0aSet-Cookie:x=1", "%00", "%C3%A9t%C3%A9", "..%2F..%2Fetc%2Fpasswd",
                "x".repeat(10_000))) {
            HttpResponse<String> r = browser.get("/activate/" + token);
            assertThat(r.statusCode()).as(token.length() > 50 ? "10 KB token" : token).isEqualTo(404);
            assertThat(r.body()).doesNotContain("Set-Cookie:x", "passwd");
        }
    }
}
