package io.activationworker.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.testing.AppProcess;
import io.activationworker.testing.BulkFeed;
import io.activationworker.testing.Poll;
import io.activationworker.testing.ProcessConfig;
import io.activationworker.testing.ProcessExtension;
import io.activationworker.testing.RelayExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The embedded PostgreSQL of {@code run} (no {@code db.url}): killed with SIGKILL, it is started
 * again by the product, with nothing committed lost; left behind by a {@code kill -9}ed run, it is
 * adopted by the next run and stopped with it, so no server outlives a clean stop.
 */
class EmbeddedDatabaseSupervisionIT {

    private static final int AGREEMENTS = 5;
    private static final Duration WAIT = Duration.ofSeconds(90);

    private final HttpClient http = HttpClient.newHttpClient();
    @RegisterExtension
    final RelayExtension relay = new RelayExtension();
    @RegisterExtension
    final ProcessExtension processes = new ProcessExtension();
    private ProcessConfig config;

    @BeforeEach
    void configure() {
        config = ProcessConfig.write(relay.port(), Map.of("db.url", ""));
    }

    @AfterEach
    void stopTheEmbeddedServer() {
        // The run processes first: one still running would start its embedded server again.
        processes.killAll();
        postmaster().ifPresent(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void a_sigkilled_embedded_postgresql_is_restarted_by_run_and_ready_again_within_30_s_with_nothing_lost() throws Exception {
        AppProcess run = start("embedded-kill-1");
        Files.writeString(config.feedDir().resolve("bulk.yaml"), BulkFeed.yaml("bulk", 1, AGREEMENTS));
        Poll.until(WAIT, "the activation emails sent", () -> relay.received().size() == AGREEMENTS);
        assertThat(count("select count(*) from outbox_message where state = 'sent'")).isEqualTo(AGREEMENTS);
        long postmaster = postmaster().orElseThrow();

        ProcessHandle.of(postmaster).orElseThrow().destroyForcibly(); // SIGKILL
        Instant killed = Instant.now();
        Poll.until(WAIT, "the killed server gone", () -> ProcessHandle.of(postmaster).isEmpty());
        Poll.until(WAIT, "/readyz 200 again", () -> status("/readyz") == 200);
        Duration down = Duration.between(killed, Instant.now());

        assertThat(down).as("time until /readyz answered 200 again").isLessThan(Duration.ofSeconds(30));
        assertThat(run.log()).contains("event=embedded_db_died", "event=embedded_db_restarted");
        assertThat(postmaster().orElseThrow()).as("a new server process").isNotEqualTo(postmaster);
        assertThat(count("select count(*) from agreement")).as("agreements after the restart").isEqualTo(AGREEMENTS);
        assertThat(count("select count(*) from outbox_message where state = 'sent'")).isEqualTo(AGREEMENTS);
        // And it works on: a new agreement is imported and mailed.
        Files.writeString(config.feedDir().resolve("late.yaml"), BulkFeed.yaml("late", AGREEMENTS + 1, 1));
        Poll.until(WAIT, "the late agreement's email", () -> relay.received().size() == AGREEMENTS + 1);
        System.out.println("EmbeddedDatabaseSupervisionIT: /readyz 200 again " + down.toMillis() + " ms after SIGKILL");
    }

    @Test
    void a_server_left_by_a_kill_9_is_adopted_by_the_next_run_and_stopped_with_it() throws Exception {
        AppProcess first = start("embedded-orphan-1");
        Files.writeString(config.feedDir().resolve("bulk.yaml"), BulkFeed.yaml("bulk", 1, 1));
        Poll.until(WAIT, "the activation email sent", () -> relay.received().size() == 1);
        first.kill9();
        long orphan = postmaster().orElseThrow();
        assertThat(ProcessHandle.of(orphan)).as("the server outlives kill -9 of its run").isPresent();

        AppProcess second = start("embedded-orphan-2");
        assertThat(second.log()).contains("event=embedded_db_adopted");
        assertThat(second.terminate(Duration.ofSeconds(60))).isZero();

        Poll.until(WAIT, "no PostgreSQL left for the data folder", () -> postmaster().filter(pid ->
                ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isEmpty());
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    private AppProcess start(String name) {
        return processes.startAndAwait(name, config.file, WAIT, "run");
    }

    private java.util.Optional<Long> postmaster() {
        try {
            Path pidFile = config.dir.resolve("data").resolve("postgres").resolve("postmaster.pid");
            return java.util.Optional.of(Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.US_ASCII).get(0).trim()));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    private int status(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(config.baseUrl() + path)).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private long count(String sql) throws IOException, SQLException {
        String port = Files.readString(config.dir.resolve("data").resolve("postgres.port")).trim();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
