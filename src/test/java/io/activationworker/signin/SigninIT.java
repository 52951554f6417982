package io.activationworker.signin;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.testing.Browser;
import io.activationworker.testing.Feeds;
import io.activationworker.testing.Mails;
import io.activationworker.testing.MutableClock;
import io.activationworker.testing.Portal;
import io.activationworker.testing.TestApp;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Sign-in by emailed link, sessions in PostgreSQL, sign-out: over real HTTP and SMTP. */
class SigninIT {

    private static final String ANNA = "anna@fabrikam.example";
    private static final String BRAM = "bram@contoso.example";

    private TestApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void the_answer_is_the_same_for_a_known_and_an_unknown_address_and_only_the_known_one_gets_mail() {
        app = TestApp.start();
        app.importFeed("northwind.yaml", Feeds.standard());
        app.awaitMessages(1); // the activation email

        Browser stranger = new Browser(app.baseUrl);
        stranger.get("/signin");
        HttpResponse<String> unknown = stranger.post("/signin", Map.of("email", "nobody@fabrikam.example"));
        Browser anna = new Browser(app.baseUrl);
        anna.get("/signin");
        HttpResponse<String> known = anna.post("/signin", Map.of("email", "Anna@Fabrikam.example"));

        assertThat(known.statusCode()).isEqualTo(unknown.statusCode()).isEqualTo(200);
        // Byte for byte the same but for the form token, which is each browser's own.
        assertThat(withoutFormToken(known.body())).isEqualTo(withoutFormToken(unknown.body()));
        assertThat(known.headers().allValues("Set-Cookie")).isEqualTo(unknown.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(known.body()).contains("If this address belongs to an online administrator");

        // Requests are handled in order on one thread: once Anna's mail is there, the stranger's is done.
        MimeMessage signin = Portal.awaitMessage(app, ANNA, text -> text.contains("/signin/"));
        assertThat(Mails.link(signin, app.baseUrl + "/signin/")).isNotBlank();
        assertThat(app.count("select count(*) from outbox_message where kind = 'signin_link'")).isEqualTo(1);
        assertThat(app.count("select count(*) from outbox_message where recipient_email like 'nobody%'")).isZero();
        assertThat(app.count("select count(*) from signin_link")).isEqualTo(1);
        assertThat(app.smtp.getReceivedMessages()).hasSize(2);
    }

    @Test
    void the_link_page_changes_nothing_its_button_starts_a_session_and_a_second_press_is_refused() {
        app = TestApp.start();
        String link = requestLink(ANNA);

        // A mail scanner opens the link first.
        Browser browser = new Browser(app.baseUrl);
        HttpResponse<String> page = browser.get(link);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Press the button to sign in");
        browser.get(link);
        assertThat(page.headers().allValues("Set-Cookie")).as("a pre-session for the form token, no session")
                .singleElement().asString().startsWith("aw_pre=");
        assertThat(app.count("select count(*) from signin_link where used_at is not null")).isZero();
        assertThat(app.count("select count(*) from web_session")).isZero();

        String token = browser.formToken().orElseThrow();
        HttpResponse<String> signedIn = browser.post(link, Map.of("csrf", token));
        assertThat(signedIn.statusCode()).isEqualTo(303);
        // Nothing activated yet: the landing is Agreements, where the pending activation waits (issue 15).
        assertThat(signedIn.headers().firstValue("Location")).hasValue("/agreements");
        String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("aw_session=").contains("HttpOnly", "SameSite=Lax", "Path=/")
                .doesNotContain("Secure");
        assertThat(app.text("select admin_email from web_session")).isEqualTo(ANNA);

        HttpResponse<String> products = browser.get("/products");
        assertThat(products.statusCode()).isEqualTo(200);
        assertThat(products.body()).contains("Signed in as " + ANNA, "Your products");

        HttpResponse<String> again = new Browser(app.baseUrl).post(link, Map.of("csrf", token));
        assertThat(again.statusCode()).isEqualTo(410);
        assertThat(again.body()).contains("This sign-in link has been used or has expired");
        assertThat(again.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(new Browser(app.baseUrl).get(link).statusCode()).isEqualTo(410);
        assertThat(app.count("select count(*) from web_session")).isEqualTo(1);
    }

    @Test
    void a_sign_in_link_expires_after_15_minutes() {
        MutableClock clock = MutableClock.now();
        app = TestApp.start(Map.of(), clock, true, true);
        String link = requestLink(ANNA);
        Browser browser = new Browser(app.baseUrl);
        browser.get(link);
        String token = browser.formToken().orElseThrow();
        clock.advance(Duration.ofMinutes(16));
        assertThat(new Browser(app.baseUrl).get(link).statusCode()).isEqualTo(410);
        assertThat(browser.post(link, Map.of("csrf", token)).statusCode()).isEqualTo(410);
        assertThat(app.count("select count(*) from web_session")).isZero();
    }

    @Test
    void the_session_cookie_is_secure_when_the_public_address_is_https() throws Exception {
        app = TestApp.start(Map.of("public.base-url", "https://portal.example"), MutableClock.now(), true, true);
        String direct = "http://127.0.0.1:" + app.roles.webPort().orElseThrow();
        app.importFeed("northwind.yaml", Feeds.standard());
        Browser browser = new Browser(direct);
        browser.get("/signin");
        browser.post("/signin", Map.of("email", ANNA));
        MimeMessage mail = Portal.awaitMessage(app, ANNA, text -> text.contains("/signin/"));
        String link = Mails.link(mail, "https://portal.example/signin/").replace("https://portal.example", direct);

        browser.get(link);
        HttpResponse<String> signedIn = browser.post(link, Map.of());
        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(signedIn.headers().firstValue("Set-Cookie")).get().asString()
                .contains("HttpOnly", "SameSite=Lax", "; Secure");
        assertThat(signedIn.headers().firstValue("Strict-Transport-Security")).isPresent();
    }

    @Test
    void an_idle_session_expires_and_activity_keeps_it_alive() {
        MutableClock clock = MutableClock.now();
        app = TestApp.start(Map.of("session.idle-minutes", "30"), clock, true, true);
        Browser browser = signIn(ANNA);

        clock.advance(Duration.ofMinutes(25));
        assertThat(browser.get("/products").statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(25));
        assertThat(browser.get("/products").statusCode()).as("25 minutes after the last request").isEqualTo(200);

        clock.advance(Duration.ofMinutes(31));
        HttpResponse<String> idle = browser.get("/products");
        assertThat(idle.statusCode()).isEqualTo(303);
        assertThat(idle.headers().firstValue("Location")).hasValue("/signin");
    }

    @Test
    void sign_out_ends_the_session_and_the_old_cookie_no_longer_works() throws Exception {
        app = TestApp.start();
        Browser browser = signIn(ANNA);
        String oldCookie = browser.cookie();
        assertThat(withCookie("/products", oldCookie).statusCode()).isEqualTo(200);

        HttpResponse<String> out = browser.post("/signout", Map.of());
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().firstValue("Location")).hasValue("/");
        assertThat(out.headers().firstValue("Set-Cookie")).get().asString().startsWith("aw_session=;").contains("Max-Age=0");
        assertThat(app.count("select count(*) from web_session")).isZero();

        HttpResponse<String> replay = withCookie("/products", oldCookie);
        assertThat(replay.statusCode()).isEqualTo(303);
        assertThat(replay.headers().firstValue("Location")).hasValue("/signin");
        assertThat(browser.get("/products").statusCode()).isEqualTo(303);
    }

    @Test
    void sign_out_without_the_form_token_is_refused_and_the_session_stays() {
        app = TestApp.start();
        Browser browser = signIn(ANNA);
        assertThat(browser.post("/signout", Map.of("csrf", "forged")).statusCode()).isEqualTo(403);
        assertThat(app.count("select count(*) from web_session")).isEqualTo(1);
        assertThat(browser.get("/products").statusCode()).isEqualTo(200);
    }

    @Test
    void accepting_an_activation_link_also_starts_a_session() {
        app = TestApp.start();
        app.importFeed("northwind.yaml", Feeds.standard());
        Browser browser = Portal.acceptActivation(app, ANNA);
        HttpResponse<String> products = browser.get("/products");
        assertThat(products.statusCode()).isEqualTo(200);
        assertThat(products.body()).contains("Signed in as " + ANNA, "Microsoft 365 Business Premium");
        assertThat(app.text("select admin_email from web_session")).isEqualTo(ANNA);
    }

    @Test
    void a_session_ends_at_its_absolute_lifetime_however_active() {
        MutableClock clock = MutableClock.now();
        app = TestApp.start(Map.of("session.idle-minutes", "600", "session.lifetime-hours", "12"), clock, true, true);
        Browser browser = signIn(ANNA);

        clock.advance(Duration.ofHours(5));
        assertThat(browser.get("/products").statusCode()).as("5 h after sign-in").isEqualTo(200);
        clock.advance(Duration.ofHours(5));
        assertThat(browser.get("/products").statusCode()).as("10 h after sign-in").isEqualTo(200);
        clock.advance(Duration.ofMinutes(110));
        assertThat(browser.get("/products").statusCode()).as("11 h 50 min after sign-in").isEqualTo(200);
        assertThat(app.count("select count(*) from web_session where expires_at <= created_at + interval '12 hours'"))
                .as("the idle expiry never slides past the absolute end").isEqualTo(1);

        clock.advance(Duration.ofMinutes(15));
        HttpResponse<String> ended = browser.get("/products");
        assertThat(ended.statusCode()).as("12 h 5 min after sign-in, 15 min after the last request").isEqualTo(303);
        assertThat(ended.headers().firstValue("Location")).hasValue("/signin");
    }

    @Test
    void sign_out_everywhere_ends_every_session_of_that_administrator_and_no_one_elses() throws Exception {
        app = TestApp.start();
        app.importFeed("northwind.yaml", Feeds.twoOrganisations("Bram Jansen", BRAM));
        Browser phone = signInByLink(ANNA);
        Browser laptop = signInByLink(ANNA);
        Browser bram = signInByLink(BRAM);
        String phoneCookie = phone.cookie();
        assertThat(app.count("select count(*) from web_session where admin_email = 'anna@fabrikam.example'")).isEqualTo(2);

        HttpResponse<String> products = laptop.get("/products");
        assertThat(products.body()).contains("action=\"/signout/everywhere\"", "Sign out everywhere");
        assertThat(app.http.send(HttpRequest.newBuilder(URI.create(app.baseUrl + "/products"))
                .header("Cookie", laptop.cookie()).header("Accept-Language", "nl-NL,nl;q=0.9").GET().build(),
                HttpResponse.BodyHandlers.ofString()).body()).contains("Overal afmelden", "op alle apparaten");
        // Another session's form token does not do it.
        bram.get("/products");
        String bramsToken = bram.formToken().orElseThrow();
        assertThat(laptop.post("/signout/everywhere", Map.of("csrf", bramsToken)).statusCode()).isEqualTo(403);
        assertThat(app.count("select count(*) from web_session")).isEqualTo(3);

        laptop.get("/products");
        HttpResponse<String> out = laptop.post("/signout/everywhere", Map.of());
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().firstValue("Location")).hasValue("/");
        assertThat(out.headers().firstValue("Set-Cookie")).get().asString().startsWith("aw_session=;").contains("Max-Age=0");

        assertThat(app.text("select string_agg(admin_email, ',') from web_session")).isEqualTo(BRAM);
        assertThat(phone.get("/products").headers().firstValue("Location")).as("the phone").hasValue("/signin");
        assertThat(withCookie("/products", phoneCookie).statusCode()).as("the phone's old cookie").isEqualTo(303);
        assertThat(laptop.get("/products").statusCode()).as("the laptop").isEqualTo(303);
        assertThat(bram.get("/products").statusCode()).as("another administrator").isEqualTo(200);
    }

    @Test
    void sign_out_with_another_sessions_form_token_is_refused() {
        app = TestApp.start();
        app.importFeed("northwind.yaml", Feeds.twoOrganisations("Bram Jansen", BRAM));
        Browser anna = signInByLink(ANNA);
        Browser bram = signInByLink(BRAM);
        String bramsToken = bram.formToken().orElseThrow();
        anna.get("/products");
        assertThat(anna.post("/signout", Map.of("csrf", bramsToken)).statusCode()).isEqualTo(403);
        assertThat(app.count("select count(*) from web_session")).isEqualTo(2);
        anna.get("/products");
        assertThat(anna.post("/signout", Map.of()).statusCode()).isEqualTo(303);
        assertThat(app.text("select string_agg(admin_email, ',') from web_session")).isEqualTo(BRAM);
    }

    /** Asks for a sign-in link for this address (the feed already imported), presses its button, returns the browser. */
    private Browser signInByLink(String email) {
        java.util.Set<String> seen = Portal.receivedIds(app);
        Browser browser = new Browser(app.baseUrl);
        browser.get("/signin");
        assertThat(browser.post("/signin", Map.of("email", email)).statusCode()).isEqualTo(200);
        String link = Mails.link(Portal.awaitMessage(app, seen, email, text -> text.contains("/signin/")),
                app.baseUrl + "/signin/");
        browser.get(link);
        assertThat(browser.post(link, Map.of()).statusCode()).isEqualTo(303);
        assertThat(browser.get("/products").statusCode()).isEqualTo(200);
        return browser;
    }

    /** Imports the standard feed, asks for a sign-in link for this address, returns the link. */
    private String requestLink(String email) {
        app.importFeed("northwind.yaml", Feeds.standard());
        Browser browser = new Browser(app.baseUrl);
        browser.get("/signin");
        assertThat(browser.post("/signin", Map.of("email", email)).statusCode()).isEqualTo(200);
        MimeMessage mail = Portal.awaitMessage(app, email, text -> text.contains("/signin/"));
        return Mails.link(mail, app.baseUrl + "/signin/");
    }

    private Browser signIn(String email) {
        String link = requestLink(email);
        Browser browser = new Browser(app.baseUrl);
        browser.get(link);
        assertThat(browser.post(link, Map.of()).statusCode()).isEqualTo(303);
        assertThat(browser.get("/products").statusCode()).isEqualTo(200);
        return browser;
    }

    private static String withoutFormToken(String page) {
        return page.replaceAll("name=\"csrf\" value=\"[^\"]+\"", "name=\"csrf\" value=\"…\"");
    }

    private HttpResponse<String> withCookie(String path, String cookie) throws Exception {
        return app.http.send(HttpRequest.newBuilder(URI.create(app.baseUrl + path)).header("Cookie", cookie).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
