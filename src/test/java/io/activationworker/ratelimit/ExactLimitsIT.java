package io.activationworker.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.testing.Browser;
import io.activationworker.testing.Feeds;
import io.activationworker.testing.Portal;
import io.activationworker.testing.TestApp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Limits hold exactly when the attempts arrive all at once on many web threads: the check and
 * the record of an attempt are one step (one transaction under the limiter's lock).
 */
class ExactLimitsIT {

    private static final String ANNA = "anna@fabrikam.example";
    private static final String UNKNOWN_KEY = "DK8KR-VWX84-CC2F3-6H8KX-M3QFC";
    private static final int PARALLEL = 60;

    private final ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
    private TestApp app;

    @BeforeEach
    void start() {
        app = TestApp.start(Map.of("http.threads", "32", "redeem.max-failures", "10"), Clock.systemUTC(), true, true);
        app.importFeed("northwind.yaml", Feeds.standard());
    }

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        app.close();
    }

    @Test
    void sixty_parallel_wrong_keys_get_exactly_ten_checked_and_the_rest_429() throws Exception {
        Browser anna = Portal.acceptActivation(app, ANNA);
        long subscription = Portal.subscriptionId(app, "fabrikam.example");
        assertThat(anna.get("/products/" + subscription + "/redeem?action=add&step=key").statusCode()).isEqualTo(200);

        List<Integer> statuses = all(() -> Portal.postKeys(anna, subscription, "add", UNKNOWN_KEY).statusCode());

        assertThat(statuses.stream().filter(s -> s == 400).count()).as("wrong keys checked").isEqualTo(10);
        assertThat(statuses.stream().filter(s -> s == 429).count()).as("wrong keys refused unchecked").isEqualTo(50);
        assertThat(app.count("select count(*) from attempt_log where scope = 'redeem'"))
                .as("attempts recorded (session and address)").isEqualTo(20);
    }

    @Test
    void sixty_parallel_sign_in_requests_for_one_address_queue_exactly_the_five_links_the_limit_allows() throws Exception {
        Browser browser = new Browser(app.baseUrl);
        browser.get("/signin");

        List<Integer> statuses = all(() -> browser.post("/signin", Map.of("email", ANNA)).statusCode());

        // One client: the limit is per client (issue 12), and the 55 beyond it are told so (429), never "sent".
        assertThat(statuses).filteredOn(s -> s == 200).hasSize(5);
        assertThat(statuses).filteredOn(s -> s == 429).hasSize(PARALLEL - 5);
        assertThat(app.count("select count(*) from signin_link")).isEqualTo(5);
        assertThat(app.count("select count(*) from outbox_message where kind = 'signin_link'")).isEqualTo(5);
    }

    /** Releases every call at once from one start line and returns what each returned. */
    private <T> List<T> all(Callable<T> call) throws Exception {
        CountDownLatch startLine = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < PARALLEL; i++) {
            futures.add(pool.submit(() -> {
                startLine.await();
                return call.call();
            }));
        }
        startLine.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get(120, TimeUnit.SECONDS));
        }
        return results;
    }
}
