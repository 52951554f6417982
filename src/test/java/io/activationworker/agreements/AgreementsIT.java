package io.activationworker.agreements;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.activation.TermsText;
import io.activationworker.testing.Browser;
import io.activationworker.testing.Feeds;
import io.activationworker.testing.Mails;
import io.activationworker.testing.Portal;
import io.activationworker.testing.TestApp;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Agreements in the portal: pending and activated agreements of the signed-in administrator,
 * accepted here with the same record and result as the emailed link, another's agreement refused.
 */
class AgreementsIT {

    private static final String ANNA = "anna@fabrikam.example";
    private static final String BOB = "bob@contoso.example";

    private TestApp app;
    private String emailedLink;

    @BeforeEach
    void start() {
        app = TestApp.start();
        app.importFeed("northwind.yaml", Feeds.twoOrganisations("Bob Jansen", BOB));
        emailedLink = Mails.link(Portal.awaitMessage(app, ANNA, t -> t.contains("/activate/")), app.baseUrl + "/activate/");
    }

    @AfterEach
    void stop() {
        app.close();
    }

    /** The hash of the Dutch terms as the pages show them (the text as TermsText prepares it). */
    private static String shownTermsSha256() {
        return new TermsText(Path.of("templates"), "2026-01").forLocale("nl").sha256();
    }

    @Test
    void with_nothing_active_the_administrator_lands_on_agreements_and_sees_the_pending_one() {
        String[] landed = new String[1];
        Browser anna = Portal.signInByMail(app, ANNA, landed);
        assertThat(landed[0]).isEqualTo("/agreements");
        HttpResponse<String> list = anna.get("/agreements");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("href=\"/products\">Your products</a> <a href=\"/agreements\">Agreements</a>",
                "V1234567", "Fabrikam NV", "Waiting for activation", Feeds.PREMIUM, ">25<", "12 months",
                "href=\"/agreements/V1234567\"").doesNotContain("V7654321", "Contoso");
    }

    @Test
    void accepting_from_agreements_writes_the_same_record_and_result_as_the_emailed_link() {
        Browser anna = Portal.signInByMail(app, ANNA, null);
        HttpResponse<String> page = anna.get("/agreements/V1234567");
        assertThat(page.statusCode()).isEqualTo(200);
        // The emailed link's page, in the agreement's language (Dutch), posting to the portal.
        String terms = new TermsText(Path.of("templates"), "2026-01").forLocale("nl").text();
        assertThat(page.body()).contains("action=\"/agreements/V1234567/accept\"", "name=\"accept\"",
                terms.lines().filter(l -> l.startsWith("1.")).findFirst().orElseThrow().substring(0, 30));

        assertThat(anna.post("/agreements/V1234567/accept", Map.of()).statusCode()).as("unticked").isEqualTo(400);
        assertThat(app.count("select count(*) from acceptance")).isZero();

        HttpResponse<String> accepted = anna.post("/agreements/V1234567/accept", Map.of("accept", "yes"));
        assertThat(accepted.statusCode()).isEqualTo(303);
        assertThat(accepted.headers().firstValue("Location")).hasValue("/products");
        assertThat(anna.get("/products").body()).contains(Feeds.PREMIUM, "Active");

        // The record: the agreement's link, the administrator, the Dutch terms' version and hash.
        assertThat(app.text("select agreement_number || ' ' || admin_email || ' ' || terms_version || ' ' || terms_sha256 "
                + "|| ' ' || (link_id = (select id from activation_link where agreement_number = 'V1234567'))::text "
                + "from acceptance"))
                .isEqualTo("V1234567 " + ANNA + " 2026-01 " + shownTermsSha256() + " true");
        assertThat(app.count("select count(*) from activation_link where agreement_number = 'V1234567' and used_at is null"))
                .as("open links").isZero();
        assertThat(app.text("select seats || ' ' || state from subscription where tenant_id = 'fabrikam.example'"))
                .isEqualTo("25 active");
        Portal.awaitMessage(app, ANNA, t -> t.contains("/products") && !t.contains("/activate/"));
        // The emailed link now says what the portal did.
        assertThat(new Browser(app.baseUrl).get(emailedLink).body()).contains(Feeds.PREMIUM);
        assertThat(new Browser(app.baseUrl).get(emailedLink).statusCode()).isEqualTo(200);
    }

    @Test
    void an_activated_agreement_shows_when_by_whom_which_terms_and_the_exact_text() {
        Browser browser = new Browser(app.baseUrl);
        browser.get(emailedLink);
        browser.post(emailedLink, Map.of("accept", "yes"));
        Browser anna = Portal.signInByMail(app, ANNA, null);
        String list = anna.get("/agreements").body();
        assertThat(list).contains("Activated", "Activated on", "by " + ANNA, "Terms version 2026-01", "The terms text accepted");
        long id = app.count("select id from acceptance");
        HttpResponse<String> text = anna.get("/agreements/V1234567/terms/" + id);
        assertThat(text.statusCode()).isEqualTo(200);
        String terms = new TermsText(Path.of("templates"), "2026-01").forLocale("nl").text();
        assertThat(text.body()).contains(shownTermsSha256(),
                terms.lines().filter(l -> l.startsWith("1.")).findFirst().orElseThrow().substring(0, 30));
        // Nothing pending any more: the details page has no accept form.
        assertThat(anna.get("/agreements/V1234567").body()).doesNotContain("name=\"accept\"");
    }

    @Test
    void another_administrators_agreement_is_a_403_page_and_cannot_be_accepted() {
        Browser bob = Portal.signInByMail(app, BOB, null);
        HttpResponse<String> page = bob.get("/agreements/V1234567");
        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body()).contains("Not one of your agreements").doesNotContain("Fabrikam");
        bob.get("/agreements");
        assertThat(bob.post("/agreements/V1234567/accept", Map.of("accept", "yes")).statusCode()).isEqualTo(403);
        assertThat(bob.get("/agreements/V1234567/terms/1").statusCode()).isEqualTo(403);
        assertThat(app.count("select count(*) from acceptance")).isZero();
    }

    @Test
    void signed_out_the_pages_go_to_sign_in() {
        Browser nobody = new Browser(app.baseUrl);
        assertThat(nobody.get("/agreements").headers().firstValue("Location")).hasValue("/signin");
        assertThat(nobody.get("/agreements/V1234567").headers().firstValue("Location")).hasValue("/signin");
    }
}
