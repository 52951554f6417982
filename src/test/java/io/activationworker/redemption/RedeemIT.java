package io.activationworker.redemption;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.testing.Browser;
import io.activationworker.testing.Feeds;
import io.activationworker.testing.Mails;
import io.activationworker.testing.MutableClock;
import io.activationworker.testing.Portal;
import io.activationworker.testing.TestApp;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "Your products" and redeeming a retail key, over real HTTP against PostgreSQL and SMTP: review
 * changes nothing, Redeem changes exactly what the review said, every refusal is a message on
 * the form with nothing changed, wrong keys are rate limited, and the key never travels in a URL.
 */
class RedeemIT {

    private static final String ANNA = "anna@fabrikam.example";
    private static final String BRAM = "bram@contoso.example";
    private static final DateTimeFormatter EN_DATE = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH);
    private static final DateTimeFormatter NL_DATE = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.forLanguageTag("nl"));

    private final MutableClock clock = MutableClock.now();
    private TestApp app;

    @BeforeEach
    void start() {
        app = TestApp.start(Map.of(), clock, true, true);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void your_products_shows_each_subscription_with_its_dates_state_and_actions() {
        app.importFeed("northwind.yaml", Feeds.standard());
        Browser anna = Portal.acceptActivation(app, ANNA);
        long id = Portal.subscriptionId(app, "fabrikam.example");

        HttpResponse<String> page = anna.get("/products");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(Feeds.PREMIUM, ">25<", EN_DATE.format(today()),
                EN_DATE.format(today().plusMonths(12)), "Active",
                "href=\"/products/" + id + "/redeem?action=extend\">Extend end date</a>",
                "href=\"/products/" + id + "/redeem?action=add\">Add licences</a>");
        // Issue 17: the organisation is named above the table even when it is the only one.
        assertThat(page.body()).as("one organisation, named once")
                .containsOnlyOnce("<h2>Fabrikam NV <span class=\"muted\">(fabrikam.example)</span></h2>")
                .containsOnlyOnce("<h2>");
    }

    @Test
    void an_administrator_of_two_organisations_sees_them_grouped() {
        app.importFeed("northwind.yaml", Feeds.twoOrganisations("Anna de Vries", ANNA));
        Portal.acceptActivation(app, ANNA, "V1234567");
        Browser anna = Portal.acceptActivation(app, ANNA, "V7654321");

        String body = anna.get("/products").body();
        assertThat(body).contains("<h2>Contoso BV <span class=\"muted\">(contoso.example)</span></h2>",
                "<h2>Fabrikam NV <span class=\"muted\">(fabrikam.example)</span></h2>");
        String contoso = body.substring(body.indexOf("<h2>Contoso BV"), body.indexOf("<h2>Fabrikam NV"));
        String fabrikam = body.substring(body.indexOf("<h2>Fabrikam NV"));
        assertThat(contoso).contains(Feeds.PREMIUM, ">10<", "/products/" + Portal.subscriptionId(app, "contoso.example") + "/redeem");
        assertThat(fabrikam).contains(Feeds.PREMIUM, ">25<", "/products/" + Portal.subscriptionId(app, "fabrikam.example") + "/redeem");
    }

    @Test
    void another_organisations_subscription_is_neither_shown_nor_redeemable() {
        app.importFeed("northwind.yaml", Feeds.twoOrganisations("Bram Jansen", BRAM));
        Portal.acceptActivation(app, ANNA);
        Browser bram = Portal.acceptActivation(app, BRAM);
        long annas = Portal.subscriptionId(app, "fabrikam.example");
        long brams = Portal.subscriptionId(app, "contoso.example");

        String products = bram.get("/products").body();
        assertThat(products).contains(Feeds.PREMIUM, "/products/" + brams + "/redeem")
                .doesNotContain("Fabrikam", "fabrikam.example", "/products/" + annas + "/");
        String before = snapshot();

        HttpResponse<String> form = bram.get("/products/" + annas + "/redeem?action=extend&step=key");
        assertThat(form.statusCode()).isEqualTo(403);
        assertThat(form.body()).contains("Not one of your subscriptions").doesNotContain("Fabrikam");
        assertThat(bram.get("/products/" + annas + "/redeem?action=add").statusCode()).isEqualTo(403);
        assertThat(bram.get("/products/999999/redeem?action=add").statusCode()).as("unknown id, same answer").isEqualTo(403);

        bram.get("/products");
        HttpResponse<String> review = Portal.postKeys(bram, annas, "extend", Feeds.RETAIL_1);
        assertThat(review.statusCode()).isEqualTo(403);
        assertThat(review.body()).contains("Not one of your subscriptions");

        // Bram reviews an order on his own subscription, then aims Redeem at Anna's.
        assertThat(Portal.review(bram, brams, "extend", Feeds.RETAIL_1).statusCode()).isEqualTo(200);
        HttpResponse<String> confirm = Portal.confirm(bram, annas);
        assertThat(confirm.statusCode()).isEqualTo(403);
        assertThat(app.text("select state from product_key where last_five = 'M3QFB'")).isEqualTo("unused");
        assertThat(app.count("select count(*) from key_redemption where subscription_id = " + annas)).isEqualTo(1);
        assertThat(app.text("select seats || ' ' || end_date from subscription where id = " + annas))
                .isEqualTo("25 " + today().plusMonths(12));
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void review_shows_the_order_details_and_changes_nothing() {
        app.importFeed("northwind.yaml", Feeds.standard());
        Browser anna = Portal.acceptActivation(app, ANNA);
        long id = Portal.subscriptionId(app, "fabrikam.example");

        HttpResponse<String> choose = anna.get("/products/" + id + "/redeem?action=extend");
        assertThat(choose.statusCode()).isEqualTo(200);
        assertThat(choose.body()).contains("Extend end date", "Use a new and unused product key");
        String before = snapshot();

        HttpResponse<String> review = Portal.review(anna, id, "extend", Feeds.RETAIL_1.toLowerCase(Locale.ROOT).replace("-", " "));
        assertThat(review.statusCode()).isEqualTo(200);
        assertThat(review.body()).contains("Review your order details", "Nothing has changed yet", Feeds.PREMIUM,
                "…M3QFB", EN_DATE.format(today().plusMonths(12)) + " → <strong>"
                        + EN_DATE.format(today().plusMonths(12).plusMonths(12)) + "</strong>", ">Redeem</button>");
        assertThat(snapshot()).isEqualTo(before);
        assertThat(app.count("select count(*) from web_session where pending_redemption is not null")).isEqualTo(1);

        HttpResponse<String> add = Portal.review(anna, id, "add", Feeds.RETAIL_2);
        assertThat(add.body()).contains("…6C6PJ", "25 → <strong>35</strong>");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void redeem_extends_the_end_date_records_it_and_mails_a_confirmation() throws Exception {
        app.importFeed("northwind.yaml", Feeds.standard());
        Browser anna = Portal.acceptActivation(app, ANNA);
        long id = Portal.subscriptionId(app, "fabrikam.example");
        LocalDate end = today().plusMonths(12);
        LocalDate extended = end.plusMonths(12);

        Portal.review(anna, id, "extend", Feeds.RETAIL_1);
        HttpResponse<String> done = Portal.confirm(anna, id);
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("Product key redeemed",
                "The subscription now runs until " + EN_DATE.format(extended) + ".");

        assertThat(app.text("select seats || ' ' || end_date || ' ' || state from subscription where id = " + id))
                .isEqualTo("25 " + extended + " active");
        assertThat(app.text("select state from product_key where last_five = 'M3QFB'")).isEqualTo("redeemed");
        assertThat(app.text("""
                select r.action || ' ' || r.admin_email || ' ' || r.seats_before || '→' || r.seats_after || ' '
                       || r.end_before || '→' || r.end_after
                  from key_redemption r join product_key k on k.id = r.key_id where k.last_five = 'M3QFB'
                """)).isEqualTo("extend " + ANNA + " 25→25 " + end + "→" + extended);
        assertThat(app.count("select count(*) from outbox_message where kind = 'redemption_confirmation'")).isEqualTo(1);
        assertThat(app.count("select count(*) from web_session where pending_redemption is not null")).isZero();

        MimeMessage mail = Portal.awaitMessage(app, ANNA, text -> text.contains("M3QFB"));
        assertThat(Mails.text(mail)).contains(Feeds.PREMIUM, "Fabrikam NV", NL_DATE.format(extended));
        assertThat(Mails.text(mail)).doesNotContain(Feeds.RETAIL_1, Feeds.RETAIL_1.replace("-", ""));

        assertThat(anna.get("/products").body()).contains(EN_DATE.format(extended));

        // Reloading Redeem (or a second tab) shows the products again and redeems nothing more.
        HttpResponse<String> again = Portal.confirm(anna, id);
        assertThat(again.statusCode()).isEqualTo(303);
        assertThat(again.headers().firstValue("Location")).hasValue("/products");
        assertThat(app.count("select count(*) from key_redemption")).isEqualTo(2);
    }

    @Test
    void redeem_adds_licences_and_keeps_the_end_date() {
        app.importFeed("northwind.yaml", Feeds.standard());
        Browser anna = Portal.acceptActivation(app, ANNA);
        long id = Portal.subscriptionId(app, "fabrikam.example");

        Portal.review(anna, id, "add", Feeds.RETAIL_2);
        HttpResponse<String> done = Portal.confirm(anna, id);
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("The subscription now has 35 licences.", "25 → <strong>35</strong>");
        assertThat(app.text("select seats || ' ' || end_date from subscription where id = " + id))
                .isEqualTo("35 " + today().plusMonths(12));
        assertThat(app.text("select action || ' ' || seats_before || '→' || seats_after from key_redemption where action <> 'activate'"))
                .isEqualTo("add 25→35");
        Portal.awaitMessage(app, ANNA, text -> text.contains("6C6PJ"));
    }

    @Test
    void one_order_can_redeem_several_keys_at_once() {
        app.importFeed("northwind.yaml", Feeds.standard());
        Browser anna = Portal.acceptActivation(app, ANNA);
        long id = Portal.subscriptionId(app, "fabrikam.example");

        HttpResponse<String> review = Portal.review(anna, id, "add", Feeds.RETAIL_1, Feeds.RETAIL_2);
        assertThat(review.body()).contains("25 → <strong>40</strong>", "…M3QFB", "…6C6PJ");
        assertThat(Portal.confirm(anna, id).statusCode()).isEqualTo(200);
        assertThat(app.count("select seats from subscription where id = " + id)).isEqualTo(40);
        assertThat(app.count("select count(*) from key_redemption where action = 'add'")).isEqualTo(2);
        assertThat(app.count("select count(*) from outbox_message where kind = 'redemption_confirmation'")).isEqualTo(1);
    }

    @Test
    void extending_an_expired_subscription_counts_the_term_from_today() {
        app.importFeed("northwind.yaml", Feeds.standard());
        Browser anna = Portal.acceptActivation(app, ANNA);
        long id = Portal.subscriptionId(app, "fabrikam.example");
        app.jdbi().useHandle(h -> h.createUpdate(
                "update subscription set start_date = :start, end_date = :end where id = :id")
                .bind("start", today().minusYears(1)).bind("end", today().minusDays(40)).bind("id", id).execute());
        assertThat(anna.get("/products").body()).contains("Expired");

        HttpResponse<String> review = Portal.review(anna, id, "extend", Feeds.RETAIL_1);
        assertThat(review.body()).contains(EN_DATE.format(today().minusDays(40)) + " → <strong>"
                + EN_DATE.format(today().plusMonths(12)) + "</strong>");
        Portal.confirm(anna, id);
        assertThat(app.text("select end_date || ' ' || state from subscription where id = " + id))
                .isEqualTo(today().plusMonths(12) + " active");
        assertThat(anna.get("/products").body()).contains("Active");
    }

    @Test
    void an_open_key_not_yet_activated_points_to_its_activation_email() {
        app.importFeed("northwind.yaml", Feeds.twoOrganisations("Bram Jansen", BRAM));
        Browser anna = Portal.acceptActivation(app, ANNA);
        long id = Portal.subscriptionId(app, "fabrikam.example");

        refused(anna, id, "extend", List.of(Feeds.KEY_B),
                "Product key …649WT belongs to an Open License agreement: activate it with the link in your activation email.");
    }

    @Test
    void each_refusal_is_a_clear_message_on_the_form_and_changes_nothing() {
        app.importFeed("northwind.yaml", Feeds.twoOrganisations("Bram Jansen", BRAM));
        Browser anna = Portal.acceptActivation(app, ANNA);
        long id = Portal.subscriptionId(app, "fabrikam.example");
        // A key someone else already redeemed: Bram uses RETAIL_2 on his own subscription.
        Browser bram = Portal.acceptActivation(app, BRAM);
        long brams = Portal.subscriptionId(app, "contoso.example");
        Portal.review(bram, brams, "add", Feeds.RETAIL_2);
        assertThat(Portal.confirm(bram, brams).statusCode()).isEqualTo(200);
        String before = snapshot();

        refused(anna, id, "extend", List.of("BCDFG-HJKMP-QRTVW-XY234-6789"),
                "That is not a valid product key: a product key has 25 characters; this one has 24.");
        refused(anna, id, "extend", List.of("BCDFG-HJKMP-QRTVW-XY234-6789O"),
                "That is not a valid product key: product keys never contain the letter O or the digit 0.");
        refused(anna, id, "extend", List.of("BCDFG-HJKMP-QRTVW-XY234-678!B"),
                "That is not a valid product key: '!' is not used in product keys (allowed: BCDFGHJKMPQRTVWXY2346789).");
        refused(anna, id, "extend", List.of("BCDFG-HJKMP-QRTVW-XY234-6789B"),
                "Product key …6789B is not known. Check it for typing errors, or ask the store that sold it.");
        refused(anna, id, "extend", List.of(Feeds.RETAIL_2),
                "Product key …6C6PJ has already been redeemed and cannot be used again. You need a new and unused key.");
        refused(anna, id, "extend", List.of(Feeds.RETAIL_OTHER_PRODUCT),
                "Product key …27T6V is for Microsoft 365 Business Standard, but this subscription is for "
                        + "Microsoft 365 Business Premium. Use a key for the same product.");
        refused(anna, id, "extend", List.of(Feeds.RETAIL_1, Feeds.RETAIL_1.toLowerCase(Locale.ROOT).replace("-", "")),
                "Key …M3QFB is entered twice in this order; each key counts once.");
        refused(anna, id, "extend", List.of(Feeds.RETAIL_EXPIRED),
                "Product key …3CT3W had to be redeemed by 31 January 2020 and can no longer be used.");
        refused(anna, id, "add", List.of(Feeds.RETAIL_280),
                "This would take the subscription past its limit: the maximum is 300 licences, it has 25 and the keys add 280.");
        refused(anna, id, "add", List.of(Feeds.RETAIL_1, Feeds.RETAIL_280),
                "This would take the subscription past its limit: the maximum is 300 licences, it has 25 and the keys add 285.");
        // Bram's open key, redeemed when he activated: a redeemed key cannot be used again (the seed's words).
        refused(anna, id, "extend", List.of(Feeds.KEY_B),
                "Product key …649WT is the original key of an Open License purchase and has already been redeemed. "
                        + "A key that has been redeemed cannot be used again: to extend the end date or add licences, "
                        + "you need a new and unused key for the same subscription.");
        // Anna's own open key, already redeemed when she activated: the seed's words, not "use the email".
        refused(anna, id, "extend", List.of(Feeds.KEY_A),
                "Product key …9CB4P is the original key of an Open License purchase and has already been redeemed. "
                        + "A key that has been redeemed cannot be used again: to extend the end date or add licences, "
                        + "you need a new and unused key for the same subscription.");
        refused(anna, id, "extend", List.of(" "), "Enter a product key.");

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void a_key_whose_redeem_by_date_passes_between_review_and_redeem_is_refused() {
        app.close();
        app = TestApp.start(Map.of("session.idle-minutes", Long.toString(Duration.ofDays(2).toMinutes()),
                "session.lifetime-hours", "72"), clock, true, true);
        String lastDay = Feeds.generatedKeys(1, 31).get(0);
        app.importFeed("northwind.yaml", Feeds.standard() + "  - { key: \"%s\", product: \"%s\", seats: 5, termMonths: 12, redeemBy: %s }\n"
                .formatted(lastDay, Feeds.PREMIUM, today()));
        Browser anna = Portal.acceptActivation(app, ANNA);
        long id = Portal.subscriptionId(app, "fabrikam.example");
        assertThat(Portal.review(anna, id, "extend", lastDay).statusCode()).as("on its last day").isEqualTo(200);
        String before = snapshot();

        clock.advance(Duration.ofDays(1));
        HttpResponse<String> late = Portal.confirm(anna, id);
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(Portal.error(late)).hasValue("Product key …" + lastDay.substring(24) + " had to be redeemed by "
                + EN_DATE.format(today().minusDays(1)) + " and can no longer be used.");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void review_and_redeem_without_the_sessions_form_token_are_refused() {
        app.importFeed("northwind.yaml", Feeds.standard());
        Browser anna = Portal.acceptActivation(app, ANNA);
        long id = Portal.subscriptionId(app, "fabrikam.example");
        String before = snapshot();

        HttpResponse<String> forged = anna.post("/products/" + id + "/redeem",
                Map.of("csrf", "forged", "action", "extend", "key1", Feeds.RETAIL_1));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(app.count("select count(*) from web_session where pending_redemption is not null")).isZero();

        Portal.review(anna, id, "extend", Feeds.RETAIL_1);
        assertThat(anna.post("/products/" + id + "/redeem/confirm", Map.of("csrf", "forged")).statusCode()).isEqualTo(403);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void the_eleventh_wrong_key_is_refused_until_the_window_passes_also_from_a_new_session() {
        app.importFeed("northwind.yaml", Feeds.standard());
        Browser anna = Portal.acceptActivation(app, ANNA);
        long id = Portal.subscriptionId(app, "fabrikam.example");
        String tryAgainAt = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC)
                .format(clock.instant().plus(Duration.ofMinutes(15)));
        List<String> wrong = Feeds.generatedKeys(11, 11);

        anna.get("/products/" + id + "/redeem?action=extend&step=key");
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = Portal.postKeys(anna, id, "extend", wrong.get(i));
            assertThat(r.statusCode()).as("failure " + (i + 1)).isEqualTo(400);
            assertThat(Portal.error(r)).get().asString().contains("is not known");
        }
        HttpResponse<String> eleventh = Portal.postKeys(anna, id, "extend", wrong.get(10));
        assertThat(eleventh.statusCode()).isEqualTo(429);
        assertThat(Portal.error(eleventh)).hasValue(
                "Too many attempts with wrong product keys. Try again at " + tryAgainAt + " (UTC).");
        HttpResponse<String> right = Portal.postKeys(anna, id, "extend", Feeds.RETAIL_1);
        assertThat(right.statusCode()).as("even a right key waits").isEqualTo(429);
        assertThat(app.count("select count(*) from web_session where pending_redemption is not null")).isZero();

        // A new session from the same address is held too.
        Browser again = signInByLink(ANNA);
        HttpResponse<String> fresh = Portal.review(again, id, "extend", Feeds.RETAIL_1);
        assertThat(fresh.statusCode()).isEqualTo(429);
        assertThat(fresh.body()).contains("Try again at " + tryAgainAt);

        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        HttpResponse<String> later = Portal.review(again, id, "extend", Feeds.RETAIL_1);
        assertThat(later.statusCode()).isEqualTo(200);
        assertThat(later.body()).contains("Review your order details");
        assertThat(app.count("select count(*) from attempt_log where scope = 'redeem' and subject like 'ip:%'")).isEqualTo(10);
        assertThat(app.count("select count(*) from attempt_log where scope = 'redeem' and subject like 'session:%'")).isEqualTo(10);
    }

    @Test
    void the_pending_order_lives_in_the_session_row_and_no_url_or_page_carries_the_key() {
        app.importFeed("northwind.yaml", Feeds.standard());
        Browser anna = Portal.acceptActivation(app, ANNA);
        long id = Portal.subscriptionId(app, "fabrikam.example");
        List<HttpResponse<String>> seen = new ArrayList<>();

        seen.add(anna.get("/products"));
        seen.add(anna.get("/products/" + id + "/redeem?action=extend"));
        seen.add(anna.get("/products/" + id + "/redeem?action=extend&step=key"));
        seen.add(Portal.postKeys(anna, id, "extend", Feeds.RETAIL_1));
        String pending = app.text("select pending_redemption::text from web_session where pending_redemption is not null");
        long keyId = app.count("select id from product_key where last_five = 'M3QFB'");
        assertThat(pending).contains("\"subscriptionId\": " + id, "\"keyIds\": [" + keyId + "]");
        seen.add(Portal.confirm(anna, id));
        seen.add(anna.get("/products"));
        seen.add(Portal.review(anna, id, "extend", Feeds.RETAIL_1)); // refused: already redeemed
        seen.add(Portal.postKeys(anna, id, "add", Feeds.RETAIL_2));
        seen.add(Portal.confirm(anna, id));

        List<String> forms = List.of(Feeds.RETAIL_1, Feeds.RETAIL_1.replace("-", ""), Feeds.RETAIL_2,
                Feeds.RETAIL_2.replace("-", ""));
        for (HttpResponse<String> r : seen) {
            List<String> urls = new ArrayList<>(r.headers().allValues("Location"));
            urls.add(r.uri().toString());
            Matcher m = Pattern.compile("(?:href|action|src)=\"([^\"]*)\"").matcher(r.body());
            while (m.find()) {
                urls.add(m.group(1));
            }
            for (String url : urls) {
                for (String key : forms) {
                    assertThat(url.toUpperCase(Locale.ROOT)).as(r.uri() + " links to " + url).doesNotContain(key);
                }
            }
            for (String key : forms) {
                assertThat(r.body().toUpperCase(Locale.ROOT)).as("body of " + r.uri()).doesNotContain(key);
            }
        }
        assertThat(app.count("select count(*) from key_redemption where action <> 'activate'")).isEqualTo(2);
    }

    private void refused(Browser browser, long id, String action, List<String> keys, String message) {
        HttpResponse<String> r = Portal.review(browser, id, action, keys.toArray(String[]::new));
        assertThat(r.statusCode()).as(message).isBetween(400, 499);
        assertThat(Portal.error(r)).as("status " + r.statusCode()).hasValue(message);
        assertThat(r.body()).as("still the key form").contains("name=\"key1\"");
    }

    private Browser signInByLink(String email) {
        Browser browser = new Browser(app.baseUrl);
        browser.get("/signin");
        browser.post("/signin", Map.of("email", email));
        MimeMessage mail = Portal.awaitMessage(app, email, text -> text.contains("/signin/"));
        String link = Mails.link(mail, app.baseUrl + "/signin/");
        browser.get(link);
        assertThat(browser.post(link, Map.of()).statusCode()).isEqualTo(303);
        return browser;
    }

    /** Everything a refused or reviewed order must leave alone. */
    private String snapshot() {
        return app.text("""
                select (select string_agg(id || ':' || seats || ':' || end_date || ':' || state, ',' order by id) from subscription)
                    || ' | ' || (select string_agg(last_five || ':' || state, ',' order by id) from product_key)
                    || ' | ' || (select count(*) from key_redemption)
                    || ' | ' || (select count(*) from outbox_message)
                """);
    }

    private LocalDate today() {
        return clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
    }
}
