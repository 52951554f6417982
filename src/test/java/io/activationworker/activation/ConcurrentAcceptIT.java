package io.activationworker.activation;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.testing.Browser;
import io.activationworker.testing.Feeds;
import io.activationworker.testing.Mails;
import io.activationworker.testing.Poll;
import io.activationworker.testing.TestApp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Twenty tabs of one browser (a trigger-happy hand) post "accept" for the same link at the same moment. */
class ConcurrentAcceptIT {

    private static final int POSTS = 20;

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
    void twenty_concurrent_accepts_activate_once_send_one_confirmation_and_each_get_a_normal_page() throws Exception {
        app.importFeed("northwind.yaml", Feeds.standard());
        String link = Mails.link(app.awaitMessages(1).get(0), app.baseUrl + "/activate/");
        List<Browser> tabs = new ArrayList<>();
        Browser browser = new Browser(app.baseUrl);
        for (int i = 0; i < POSTS; i++) {
            Browser tab = browser.newTab();
            assertThat(tab.get(link).statusCode()).isEqualTo(200);
            tabs.add(tab);
        }

        for (HttpResponse<String> r : acceptAtOnce(tabs, Collections.nCopies(POSTS, link))) {
            assertThat(r.statusCode()).as("every answer is the result page").isEqualTo(303);
            assertThat(r.headers().firstValue("Location")).hasValue("/products");
        }
        assertThat(app.count("select count(*) from acceptance")).isEqualTo(1);
        assertThat(app.count("select count(*) from key_redemption")).isEqualTo(1);
        assertThat(app.text("select seats || ' ' || state from subscription")).isEqualTo("25 active");
        assertThat(app.count("select count(*) from outbox_message where kind = 'activation_confirmation'")).isEqualTo(1);
        Poll.until(Duration.ofSeconds(20), "the confirmation sent",
                () -> app.count("select count(*) from outbox_message where state = 'sent'") == 2);
        assertThat(app.awaitMessages(2)).hasSize(2);
        assertThat(tabs.get(POSTS - 1).get("/products").body()).contains(Feeds.PREMIUM, "25");
    }

    @Test
    void two_agreements_of_one_organisation_accepted_at_the_same_moment_both_add_to_one_subscription() throws Exception {
        int organisations = 8;
        StringBuilder feed = new StringBuilder("""
                schema: 1
                partner: { id: northwind-partners, name: "Northwind Partners BV" }
                agreements:
                """);
        List<String> keys = Feeds.generatedKeys(organisations * 2, 7);
        for (int i = 0; i < organisations * 2; i++) {
            int org = i / 2;
            feed.append("""
                      - number: V%07d
                        customer: { tenant: org%d.example, name: "Organisation %d" }
                        onlineAdministrator: { name: "Admin %d", email: admin%d@org%d.example }
                        locale: en
                        keys:
                          - { key: "%s", product: "%s", seats: %d, termMonths: 12 }
                    """.formatted(1000000 + i, org, org, i, i, org, keys.get(i), Feeds.PREMIUM, 10 + i % 2));
        }
        app.importFeed("northwind.yaml", feed.toString());
        List<String> links = new ArrayList<>();
        for (var mail : app.awaitMessages(organisations * 2)) {
            links.add(Mails.link(mail, app.baseUrl + "/activate/"));
        }
        List<Browser> admins = new ArrayList<>();
        for (String link : links) {
            Browser admin = new Browser(app.baseUrl);
            assertThat(admin.get(link).statusCode()).isEqualTo(200);
            admins.add(admin);
        }

        for (HttpResponse<String> r : acceptAtOnce(admins, links)) {
            assertThat(r.statusCode()).as("every administrator gets the result page").isEqualTo(303);
        }
        assertThat(app.count("select count(*) from acceptance")).isEqualTo(organisations * 2);
        assertThat(app.count("select count(*) from subscription")).as("one per organisation").isEqualTo(organisations);
        assertThat(app.count("""
                select count(*) from subscription
                 where seats = 11 and end_date = (current_date + interval '24 months')::date"""))
                .as("the second activation extended the first one's subscription: the larger seat count, 12 + 12 months")
                .isEqualTo(organisations);
        assertThat(app.count("select count(*) from key_redemption")).isEqualTo(organisations * 2);
    }

    /** Browser i posts "accept" on link i, all released at the same moment; the answers in order. */
    private static List<HttpResponse<String>> acceptAtOnce(List<Browser> browsers, List<String> links) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(browsers.size());
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < browsers.size(); i++) {
            Browser browser = browsers.get(i);
            String link = links.get(i);
            answers.add(pool.submit(() -> {
                go.await();
                return browser.post(link, Map.of("accept", "yes"));
            }));
        }
        go.countDown();
        pool.shutdown();
        List<HttpResponse<String>> done = new ArrayList<>();
        for (Future<HttpResponse<String>> answer : answers) {
            done.add(answer.get());
        }
        return done;
    }
}
