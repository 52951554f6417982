package io.activationworker.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.testing.Browser;
import io.activationworker.testing.Feeds;
import io.activationworker.testing.Mails;
import io.activationworker.testing.OpenIdProvider;
import io.activationworker.testing.Portal;
import io.activationworker.testing.TestApp;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With OpenID Connect configured, the emailed link's page asks for the work account, comes back
 * to itself signed in, and accepts only for the designated administrator's account.
 */
class ActivationWithWorkAccountIT {

    private static final String ANNA = "anna@fabrikam.example";
    private static final String BOB = "bob@contoso.example";

    private OpenIdProvider provider;
    private TestApp app;
    private String link;

    @BeforeEach
    void start() {
        provider = new OpenIdProvider(false);
        app = TestApp.start(provider.settings("Fabrikam ID"), Clock.systemUTC(), true, true);
        // In English: the activation page speaks the agreement's language.
        app.importFeed("northwind.yaml", Feeds.twoOrganisations("Bob Jansen", BOB).replace("locale: nl", "locale: en"));
        link = Mails.link(Portal.awaitMessage(app, ANNA, t -> t.contains("/activate/")), app.baseUrl + "/activate/");
    }

    @AfterEach
    void stop() {
        app.close();
        provider.close();
    }

    private String path() {
        return link.substring(app.baseUrl.length());
    }

    /** Follows the page's work-account button through the provider, signed in as {@code email}. */
    private HttpResponse<String> signInFromThePage(Browser browser, String email) {
        HttpResponse<String> page = browser.get(link);
        assertThat(page.body()).contains("Sign in with your work or school account to accept")
                .doesNotContain("name=\"accept\"");
        HttpResponse<String> start = browser.get("/signin/oidc?next=" + path());
        String callback = provider.authorize(start.headers().firstValue("Location").orElseThrow());
        provider.nextLogin(email);
        HttpResponse<String> back = browser.get(callback);
        assertThat(back.statusCode()).isEqualTo(303);
        assertThat(back.headers().firstValue("Location")).hasValue(path());
        return browser.get(path());
    }

    private long acceptances() {
        return app.count("select count(*) from acceptance");
    }

    @Test
    void the_designated_administrator_signs_in_from_the_page_comes_back_to_it_and_accepts() {
        Browser browser = new Browser(app.baseUrl);
        HttpResponse<String> page = signInFromThePage(browser, "Anna@Fabrikam.Example");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Signed in as <strong>" + ANNA + "</strong>", "name=\"accept\"");

        HttpResponse<String> accepted = browser.post(path(), Map.of("accept", "yes"));
        assertThat(accepted.statusCode()).isEqualTo(303);
        assertThat(accepted.headers().firstValue("Location")).hasValue("/products");
        assertThat(acceptances()).isEqualTo(1);
        assertThat(app.text("select admin_email from acceptance")).isEqualTo(ANNA);
        assertThat(app.text("select state from subscription where tenant_id = 'fabrikam.example'")).isEqualTo("active");
    }

    @Test
    void another_account_is_told_who_is_designated_masked_and_to_ask_the_partner_and_nothing_changes() {
        Browser browser = new Browser(app.baseUrl);
        signInFromThePage(browser, BOB);
        HttpResponse<String> refused = browser.post(path(), Map.of("accept", "yes"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("a…@fabrikam.example", BOB, "Northwind Partners BV", "ask your partner")
                .doesNotContain(ANNA);
        assertThat(acceptances()).isZero();
        assertThat(app.count("select count(*) from activation_link where used_at is null and agreement_number = 'V1234567'"))
                .isEqualTo(1);
        assertThat(app.count("select count(*) from subscription where tenant_id = 'fabrikam.example'")).isZero();
    }

    @Test
    void an_accept_without_a_work_account_goes_to_the_provider_and_changes_nothing() {
        // A valid form token, as a page shown to the signed-in administrator carries it.
        Browser signedIn = new Browser(app.baseUrl);
        signInFromThePage(signedIn, ANNA);
        String formToken = signedIn.formToken().orElseThrow();

        Browser browser = new Browser(app.baseUrl);
        HttpResponse<String> posted = browser.post(path(), Map.of("csrf", formToken, "accept", "yes"));
        assertThat(posted.statusCode()).isEqualTo(303);
        assertThat(posted.headers().firstValue("Location")).hasValue("/signin/oidc?next=" + path());
        assertThat(acceptances()).isZero();
    }

    @Test
    void a_session_from_the_emailed_sign_in_link_is_not_a_work_account() {
        Browser browser = new Browser(app.baseUrl);
        browser.get("/signin");
        browser.post("/signin", Map.of("email", ANNA));
        String signinLink = Mails.link(Portal.awaitMessage(app, ANNA, t -> t.contains("/signin/")),
                app.baseUrl + "/signin/");
        browser.get(signinLink);
        assertThat(browser.post(signinLink, Map.of()).statusCode()).isEqualTo(303);

        assertThat(browser.get(link).body()).contains("Sign in with your work or school account to accept");
        Browser signedIn = new Browser(app.baseUrl);
        signInFromThePage(signedIn, ANNA);
        HttpResponse<String> posted = browser.post(path(), Map.of("csrf", signedIn.formToken().orElseThrow(),
                "accept", "yes"));
        assertThat(posted.headers().firstValue("Location")).hasValue("/signin/oidc?next=" + path());
        assertThat(acceptances()).isZero();
    }
}
