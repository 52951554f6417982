package io.activationworker.guide;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.testing.Feeds;
import io.activationworker.testing.Mails;
import io.activationworker.testing.Portal;
import io.activationworker.testing.TestApp;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /help}: the step-by-step guide in the browser's language, with a switch, printable, linked everywhere. */
class HelpPageIT {

    private static TestApp app;

    @BeforeAll
    static void start() {
        app = TestApp.start();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static HttpResponse<String> get(String path, String acceptLanguage) {
        try {
            return app.http.send(HttpRequest.newBuilder(URI.create(app.baseUrl + path))
                    .header("Accept-Language", acceptLanguage).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void the_guide_follows_the_browsers_language_and_the_switch_overrides_it() {
        HttpResponse<String> dutch = get("/help", "nl-NL,nl;q=0.9");
        assertThat(dutch.statusCode()).isEqualTo(200);
        assertThat(dutch.body()).contains("<html lang=\"nl\">", "Stapsgewijze handleiding", "Inwisselen",
                "Een nieuwe en ongebruikte productcode gebruiken", "href=\"/help?lang=en\"");
        HttpResponse<String> english = get("/help?lang=en", "nl-NL,nl;q=0.9");
        assertThat(english.body()).contains("<html lang=\"en\">", "Step-by-step guide", "Use a new and unused product key",
                "Review your order details", "href=\"/help?lang=nl\"");
    }

    @Test
    void the_guide_covers_the_mail_activation_redemption_the_administrator_and_the_missing_mail() {
        String body = get("/help", "en").body();
        assertThat(body).contains("id=\"mail\"", "id=\"activate\"", "id=\"redeem\"", "id=\"admin\"", "id=\"missing\"",
                "ask the partner", "href=\"/activation-mail\"");
    }

    @Test
    void every_page_links_the_guide_and_the_stylesheet_prints_without_navigation() {
        for (String path : new String[] {"/", "/signin", "/activation-mail", "/help", "/no-such-page"}) {
            assertThat(get(path, "en").body()).as(path).contains("href=\"/help\"");
        }
        assertThat(get("/static/style.css", "en").body()).contains("@media print{header.top,footer");
    }

    @Test
    void the_activation_mail_links_the_guide() {
        app.importFeed("northwind.yaml", Feeds.standard());
        MimeMessage mail = Portal.awaitMessage(app, "anna@fabrikam.example", t -> t.contains("/activate/"));
        assertThat(Mails.text(mail)).contains(app.baseUrl + "/help");
        assertThat(Mails.html(mail)).contains("href=\"" + app.baseUrl + "/help\"");
    }
}
