package io.activationworker.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.testing.Browser;
import io.activationworker.testing.Feeds;
import io.activationworker.testing.OpenIdProvider;
import io.activationworker.testing.TestApp;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sign-in with a work or school account against a real OpenID provider started here: the code
 * flow with PKCE, state and nonce, and every way it must be refused — with a clear page and no
 * session.
 */
class WorkAccountSigninIT {

    private static final String ANNA = "anna@fabrikam.example";

    private static OpenIdProvider provider;
    private static TestApp app;

    @BeforeAll
    static void start() {
        provider = new OpenIdProvider(false);
        app = TestApp.start(provider.settings("Fabrikam ID"), Clock.systemUTC(), false, true);
        app.importFeed("northwind.yaml", Feeds.standard());
    }

    @AfterAll
    static void stop() {
        app.close();
        provider.close();
    }

    @BeforeEach
    void noSessions() {
        app.jdbi().useHandle(h -> h.execute("delete from web_session"));
    }

    /** Starts at /signin/oidc, passes the provider, and returns the app's callback URL (not yet followed). */
    private String throughProvider(Browser browser, String next) {
        HttpResponse<String> start = browser.get("/signin/oidc" + (next.isEmpty() ? "" : "?next=" + next));
        assertThat(start.statusCode()).as("start").isEqualTo(303);
        String authorize = start.headers().firstValue("Location").orElseThrow();
        assertThat(authorize).startsWith(provider.issuer()).contains("code_challenge_method=S256", "nonce=", "state=");
        String callback = provider.authorize(authorize);
        assertThat(callback).startsWith(app.baseUrl + "/signin/oidc/callback?");
        return callback;
    }

    private static void assertRefusedWithoutSession(HttpResponse<String> page, String text) {
        assertThat(page.statusCode()).isBetween(400, 403);
        assertThat(page.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(page.body()).contains("Sign-in did not succeed", text);
        assertThat(app.count("select count(*) from web_session")).isZero();
    }

    @Test
    void the_sign_in_page_offers_the_work_account_beside_the_emailed_link() {
        String page = new Browser(app.baseUrl).get("/signin").body();
        assertThat(page).contains("Sign in with Fabrikam ID", "href=\"/signin/oidc\"", "name=\"email\"");
    }

    @Test
    void the_designated_administrator_signs_in_case_insensitively_and_lands_on_agreements_with_nothing_active() {
        Browser browser = new Browser(app.baseUrl);
        String callback = throughProvider(browser, "");
        provider.nextLogin("Anna@Fabrikam.Example");
        HttpResponse<String> done = browser.get(callback);
        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(done.headers().firstValue("Location")).hasValue("/agreements");
        assertThat(browser.cookie()).startsWith("aw_session=");
        assertThat(app.text("select email from oidc_session")).isEqualTo(ANNA);
        assertThat(app.text("select admin_email from web_session")).isEqualTo(ANNA);
    }

    @Test
    void it_returns_to_the_page_it_was_started_from_and_only_to_a_page_of_this_site() {
        Browser browser = new Browser(app.baseUrl);
        String callback = throughProvider(browser, "/products");
        provider.nextLogin(ANNA);
        assertThat(browser.get(callback).headers().firstValue("Location")).hasValue("/products");
        Browser other = new Browser(app.baseUrl);
        String elsewhere = throughProvider(other, "//evil.example/x");
        provider.nextLogin(ANNA);
        assertThat(other.get(elsewhere).headers().firstValue("Location")).hasValue("/agreements");
    }

    @Test
    void a_tampered_state_is_refused() {
        Browser browser = new Browser(app.baseUrl);
        String callback = throughProvider(browser, "");
        String tampered = callback.replaceAll("state=[^&]+", "state=" + "A".repeat(43));
        assertRefusedWithoutSession(browser.get(tampered), "could not be matched to a request from this site");
        assertRefusedWithoutSession(browser.get(callback.replaceAll("&?state=[^&]+", "")),
                "could not be matched to a request from this site");
    }

    @Test
    void a_replayed_code_is_refused() {
        Browser first = new Browser(app.baseUrl);
        String callback = throughProvider(first, "");
        provider.nextLogin(ANNA);
        assertThat(first.get(callback).statusCode()).isEqualTo(303);
        app.jdbi().useHandle(h -> h.execute("delete from web_session"));

        Browser attacker = new Browser(app.baseUrl);
        assertRefusedWithoutSession(attacker.get(callback), "used already");
    }

    @Test
    void a_wrong_nonce_is_refused() {
        Browser browser = new Browser(app.baseUrl);
        String callback = throughProvider(browser, "");
        provider.nextLogin("subject-anna", Map.of("email", ANNA, "nonce", "not-the-nonce-we-sent"), null, 3600);
        assertRefusedWithoutSession(browser.get(callback), "could not be verified");
    }

    @Test
    void a_token_for_another_audience_is_refused() {
        Browser browser = new Browser(app.baseUrl);
        String callback = throughProvider(browser, "");
        // The provider puts the requesting client in an ID token's audience unless the claims say otherwise.
        provider.nextLogin("subject-anna", Map.of("email", ANNA, "aud", List.of("some-other-application")),
                List.of("some-other-application"), 3600);
        assertRefusedWithoutSession(browser.get(callback), "could not be verified");
    }

    @Test
    void an_expired_token_is_refused() {
        Browser browser = new Browser(app.baseUrl);
        // Past the validator's allowance for clock skew (60 s).
        String callback = throughProvider(browser, "");
        provider.nextLogin("subject-anna", Map.of("email", ANNA), null, -600);
        assertRefusedWithoutSession(browser.get(callback), "could not be verified");
    }

    @Test
    void an_address_the_provider_has_not_verified_is_refused() {
        Browser browser = new Browser(app.baseUrl);
        String callback = throughProvider(browser, "");
        provider.nextLogin("subject-anna", Map.of("email", ANNA, "email_verified", false), null, 3600);
        assertRefusedWithoutSession(browser.get(callback), "not verified");
    }

    @Test
    void an_address_that_administers_no_agreement_is_refused() {
        Browser browser = new Browser(app.baseUrl);
        String callback = throughProvider(browser, "");
        provider.nextLogin("mallory@fabrikam.example");
        assertRefusedWithoutSession(browser.get(callback),
                "not the online administrator of any agreement");
    }

    @Test
    void the_provider_refusing_the_sign_in_is_refused_here_too() {
        Browser browser = new Browser(app.baseUrl);
        String callback = throughProvider(browser, "");
        String denied = callback.replaceAll("code=[^&]+", "error=access_denied");
        assertRefusedWithoutSession(browser.get(denied), "did not confirm the sign-in");
    }
}
