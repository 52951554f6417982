package io.activationworker.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.testing.BulkFeed;
import io.activationworker.testing.Mails;
import io.activationworker.testing.Poll;
import io.activationworker.testing.StoppablePostgres;
import io.activationworker.testing.TestApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL frozen ({@code SIGSTOP} of the server and every backend) for 12 seconds under light
 * traffic: connections stay open and nothing answers. Database-backed pages answer the 503 page
 * within 5 s, {@code /healthz} 200 within 1 s, {@code /readyz} 503 within 2 s; once PostgreSQL
 * resumes, all of them answer normally again within 5 s, without a restart.
 */
class DatabasePauseIT {

    /**
     * Three times the product's statement timeout (4 s) and six times its pool and connect
     * timeouts (2 s): long enough that every timeout on the way fires, and fires again, while frozen.
     */
    private static final Duration PAUSE = Duration.ofSeconds(12);
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    @RegisterExtension
    final StoppablePostgres postgres = new StoppablePostgres();
    private TestApp app;

    record Answer(String what, Instant sent, long millis, int status, String body, boolean retryAfter) {
    }

    @BeforeEach
    void start() {
        app = TestApp.start(Map.of("db.url", postgres.newDatabaseUrl("activation")), Clock.systemUTC(), true, true);
    }

    @AfterEach
    void stop() {
        postgres.resume();
        if (app != null) {
            app.close();
        }
    }

    @Test
    void while_postgresql_is_frozen_pages_answer_503_fast_health_stays_up_and_all_recover_within_5_s() throws Exception {
        app.importFeed("bulk.yaml", BulkFeed.yaml("bulk", 1, 1));
        String page = Mails.link(app.awaitMessages(1).get(0), app.baseUrl + "/activate/");
        assertThat(get("page", page).status()).isEqualTo(200);

        ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService traffic = Executors.newFixedThreadPool(3);
        for (String[] probe : new String[][] {{"page", page}, {"healthz", "/healthz"}, {"readyz", "/readyz"}}) {
            traffic.execute(() -> {
                while (running.get()) {
                    answers.add(get(probe[0], probe[1]));
                    pause(Duration.ofMillis(200)); // the probes' pace: steady traffic is the scenario
                }
            });
        }
        Poll.until(WAIT, "traffic flowing", () -> answers.size() >= 9);
        postgres.pause();
        Instant paused = Instant.now();
        pause(PAUSE); // how long PostgreSQL stays frozen: the scenario, not a wait for an event
        postgres.resume();
        Instant resumed = Instant.now();
        Poll.until(WAIT, "answers after the resume", () -> answers.stream()
                .filter(a -> a.sent().isAfter(resumed.plusSeconds(6))).map(Answer::what).distinct().count() == 3);
        running.set(false);
        traffic.shutdown();
        assertThat(traffic.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        // Requests sent while frozen (after a second for the freeze to take hold).
        List<Answer> during = answers.stream()
                .filter(a -> a.sent().isAfter(paused.plusSeconds(1)) && a.sent().isBefore(resumed)).toList();
        assertThat(during.stream().map(Answer::what).distinct()).containsExactlyInAnyOrder("page", "healthz", "readyz");
        for (Answer a : during) {
            if (!a.sent().plusMillis(a.millis()).isBefore(resumed)) {
                // Sent while frozen, answered after the resume: it must still have been quick.
                assertThat(a.millis()).as("answer time across the resume: " + a).isLessThan(5_000);
                continue;
            }
            switch (a.what()) {
                case "page" -> {
                    assertThat(a.status()).as("page during the pause: " + a).isEqualTo(503);
                    assertThat(a.millis()).as("page answer time during the pause: " + a).isLessThan(5_000);
                    assertThat(a.body()).contains("Temporarily unavailable");
                    assertThat(a.retryAfter()).isTrue();
                }
                case "healthz" -> {
                    assertThat(a.status()).as("/healthz during the pause: " + a).isEqualTo(200);
                    assertThat(a.millis()).as("/healthz answer time during the pause: " + a).isLessThan(1_000);
                }
                default -> {
                    assertThat(a.status()).as("/readyz during the pause: " + a + " (paused at " + paused + ")").isEqualTo(503);
                    assertThat(a.millis()).as("/readyz answer time during the pause: " + a).isLessThan(2_000);
                }
            }
        }
        // Everything sent from 5 s after the resume answers normally.
        List<Answer> after = answers.stream().filter(a -> a.sent().isAfter(resumed.plusSeconds(5))).toList();
        assertThat(after).isNotEmpty().allSatisfy(a -> assertThat(a.status()).as(a.toString()).isEqualTo(200));
        System.out.println("DatabasePauseIT: slowest during the pause (ms): page="
                + slowest(during, "page") + " healthz=" + slowest(during, "healthz") + " readyz=" + slowest(during, "readyz")
                + "; before the pause: page=" + slowest(answers.stream().filter(a -> a.sent().isBefore(paused)).toList(), "page"));
    }

    private static long slowest(List<Answer> answers, String what) {
        return answers.stream().filter(a -> a.what().equals(what)).mapToLong(Answer::millis).max().orElse(-1);
    }

    private Answer get(String what, String urlOrPath) {
        URI uri = URI.create(urlOrPath.startsWith("http") ? urlOrPath : app.baseUrl + urlOrPath);
        Instant sent = Instant.now();
        long started = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(what, sent, (System.nanoTime() - started) / 1_000_000, r.statusCode(), r.body(),
                    r.headers().firstValue("Retry-After").isPresent());
        } catch (java.io.IOException e) {
            return new Answer(what, sent, (System.nanoTime() - started) / 1_000_000, -1, e.toString(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
