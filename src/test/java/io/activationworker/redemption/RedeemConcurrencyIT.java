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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two "Redeem" presses for the same key at the same moment, from two sessions, two administrators
 * or two instances on one PostgreSQL: exactly one redemption, and the other person is told the
 * key has already been redeemed. Each round releases both requests from one start line.
 */
class RedeemConcurrencyIT {

    private static final String ANNA = "anna@fabrikam.example";
    private static final String BRAM = "bram@contoso.example";
    private static final String ALREADY = "has already been redeemed and cannot be used again. You need a new and unused key.";
    private static final int ROUNDS = 25;

    private final MutableClock clock = MutableClock.now();
    private final List<String> keys = Feeds.generatedKeys(ROUNDS, 6);
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private TestApp app;
    private TestApp second;

    @BeforeEach
    void start() {
        app = TestApp.start(Map.of(), clock, true, true);
    }

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        if (second != null) {
            second.close();
        }
        app.close();
    }

    @Test
    void two_administrators_redeeming_one_key_at_once_get_one_redemption() throws Exception {
        app.importFeed("northwind.yaml", Feeds.twoOrganisations("Bram Jansen", BRAM, keys.toArray(String[]::new)));
        Browser anna = Portal.acceptActivation(app, ANNA);
        Browser bram = Portal.acceptActivation(app, BRAM);
        Party a = new Party(anna, Portal.subscriptionId(app, "fabrikam.example"));
        Party b = new Party(bram, Portal.subscriptionId(app, "contoso.example"));

        int[] wins = race(a, b, "add");

        assertThat(wins[0] + wins[1]).isEqualTo(ROUNDS);
        assertThat(app.count("select seats from subscription where id = " + a.subscriptionId)).isEqualTo(25 + 5L * wins[0]);
        assertThat(app.count("select seats from subscription where id = " + b.subscriptionId)).isEqualTo(10 + 5L * wins[1]);
        assertOneRedemptionPerKey();
    }

    @Test
    void two_sessions_of_one_administrator_redeeming_one_key_at_once_get_one_redemption() throws Exception {
        app.importFeed("northwind.yaml", Feeds.twoOrganisations("Bram Jansen", BRAM, keys.toArray(String[]::new)));
        Portal.acceptActivation(app, ANNA);
        long id = Portal.subscriptionId(app, "fabrikam.example");
        Browser phone = signInByLink(app, ANNA);
        Browser laptop = signInByLink(app, ANNA);

        int[] wins = race(new Party(phone, id), new Party(laptop, id), "extend");

        assertThat(wins[0] + wins[1]).isEqualTo(ROUNDS);
        LocalDate today = clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate expected = today.plusMonths(12);
        for (int i = 0; i < ROUNDS; i++) {
            expected = expected.plusMonths(12);
        }
        assertThat(app.text("select end_date::text from subscription where id = " + id)).isEqualTo(expected.toString());
        assertOneRedemptionPerKey();
    }

    @Test
    void two_instances_on_one_database_redeeming_one_key_at_once_get_one_redemption() throws Exception {
        app.importFeed("northwind.yaml", Feeds.twoOrganisations("Bram Jansen", BRAM, keys.toArray(String[]::new)));
        Browser anna = Portal.acceptActivation(app, ANNA);
        second = TestApp.start(Map.of("db.url", app.dbUrl()), clock, true, true);
        Browser bram = Portal.acceptActivation(app, BRAM);

        // Sessions live in PostgreSQL: Bram's cookie works on the second instance as it is.
        Browser bramOnSecond = new Browser(second.baseUrl);
        bramOnSecond.useCookie(bram.cookie());
        assertThat(bramOnSecond.get("/products").statusCode()).isEqualTo(200);

        Party a = new Party(anna, Portal.subscriptionId(app, "fabrikam.example"));
        Party b = new Party(bramOnSecond, Portal.subscriptionId(app, "contoso.example"));
        int[] wins = race(a, b, "add");

        assertThat(wins[0] + wins[1]).isEqualTo(ROUNDS);
        assertThat(app.count("select seats from subscription where id = " + a.subscriptionId)).isEqualTo(25 + 5L * wins[0]);
        assertThat(app.count("select seats from subscription where id = " + b.subscriptionId)).isEqualTo(10 + 5L * wins[1]);
        assertOneRedemptionPerKey();
    }

    @Test
    void the_wrong_key_limit_holds_across_instances() {
        app.importFeed("northwind.yaml", Feeds.standard());
        Browser anna = Portal.acceptActivation(app, ANNA);
        long id = Portal.subscriptionId(app, "fabrikam.example");
        second = TestApp.start(Map.of("db.url", app.dbUrl()), clock, false, true);

        anna.get("/products/" + id + "/redeem?action=add&step=key");
        for (String wrong : Feeds.generatedKeys(10, 10)) {
            assertThat(Portal.postKeys(anna, id, "add", wrong).statusCode()).isEqualTo(400);
        }
        Browser onSecond = new Browser(second.baseUrl);
        onSecond.useCookie(anna.cookie());
        HttpResponse<String> blocked = Portal.review(onSecond, id, "add", Feeds.RETAIL_1);
        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(Portal.error(blocked)).get().asString().startsWith("Too many attempts with wrong product keys. Try again at");
    }

    /** Both parties review the same key on their subscription, then press Redeem together; per round. */
    private int[] race(Party a, Party b, String action) throws Exception {
        int[] wins = new int[2];
        for (int round = 0; round < ROUNDS; round++) {
            String key = keys.get(round);
            assertThat(Portal.review(a.browser, a.subscriptionId, action, key).statusCode()).isEqualTo(200);
            assertThat(Portal.review(b.browser, b.subscriptionId, action, key).statusCode()).isEqualTo(200);

            CountDownLatch ready = new CountDownLatch(2);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> presses = new ArrayList<>();
            for (Party p : List.of(a, b)) {
                presses.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return Portal.confirm(p.browser, p.subscriptionId);
                }));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            HttpResponse<String> first = presses.get(0).get(30, TimeUnit.SECONDS);
            HttpResponse<String> second = presses.get(1).get(30, TimeUnit.SECONDS);

            List<Integer> statuses = List.of(first.statusCode(), second.statusCode());
            assertThat(statuses).as("round " + round).containsExactlyInAnyOrder(200, 409);
            HttpResponse<String> loser = first.statusCode() == 409 ? first : second;
            assertThat(loser.body()).as("round " + round).contains(ALREADY);
            wins[first.statusCode() == 200 ? 0 : 1]++;
            assertThat(app.count("""
                    select count(*) from key_redemption r join product_key k on k.id = r.key_id
                     where k.last_five = '%s' and k.state = 'redeemed'
                    """.formatted(key.substring(key.length() - 5)))).as("round " + round).isEqualTo(1);
        }
        return wins;
    }

    private void assertOneRedemptionPerKey() {
        assertThat(app.count("select count(*) from product_key where channel = 'retail' and state = 'redeemed'"))
                .isEqualTo(ROUNDS);
        assertThat(app.count("select count(*) from key_redemption where action <> 'activate'")).isEqualTo(ROUNDS);
        assertThat(app.count("select count(*) from outbox_message where kind = 'redemption_confirmation'")).isEqualTo(ROUNDS);
    }

    private static Browser signInByLink(TestApp app, String email) {
        Set<String> received = Portal.receivedIds(app);
        Browser browser = new Browser(app.baseUrl);
        browser.get("/signin");
        browser.post("/signin", Map.of("email", email));
        MimeMessage mail = Portal.awaitMessage(app, received, email, text -> text.contains("/signin/"));
        String link = Mails.link(mail, app.baseUrl + "/signin/");
        browser.get(link);
        assertThat(browser.post(link, Map.of()).statusCode()).isEqualTo(303);
        return browser;
    }

    private record Party(Browser browser, long subscriptionId) {
    }
}
