package io.activationworker.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.activationworker.testing.AppProcess;
import io.activationworker.testing.BulkFeed;
import io.activationworker.testing.Poll;
import io.activationworker.testing.PostgresExtension;
import io.activationworker.testing.ProcessConfig;
import io.activationworker.testing.ProcessExtension;
import io.activationworker.testing.RelayExtension;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A worker process frozen with SIGSTOP past {@code worker.lease-seconds} while it holds a batch:
 * the other process takes the rows over; the frozen one, woken, neither re-marks nor re-sends.
 */
class LeaseTakeoverIT {

    private static final int MESSAGES = 10;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    final RelayExtension relay = new RelayExtension();
    @RegisterExtension
    final PostgresExtension db = new PostgresExtension(2);
    @RegisterExtension
    final ProcessExtension processes = new ProcessExtension();

    private ProcessConfig config;

    @BeforeEach
    void configure() {
        config = ProcessConfig.write(relay.port(), db.url(), Map.of(
                "worker.threads", "1",
                "worker.batch-size", "50",
                "worker.lease-seconds", "5"));
    }

    @Test
    void a_worker_paused_past_its_lease_loses_its_rows_to_the_other_and_sends_or_marks_nothing_when_it_wakes()
            throws Exception {
        relay.delayDataReply(Duration.ofMillis(500));
        Files.writeString(config.feedDir().resolve("bulk.yaml"), BulkFeed.yaml("bulk", 1, MESSAGES));
        AppProcess paused = processes.start("lease-paused", config.file, Map.of(), "worker");
        Poll.until(WAIT, "the first worker in the middle of its batch", () -> relay.handoffs().size() >= 2);
        paused.pause();
        // Slow sends are acknowledged one by one (issue 13): what it sent before the pause is marked,
        // the rest of its batch stays leased to it.
        long leased = db.count("select count(*) from outbox_message where state = 'sending'");
        assertThat(leased).isPositive();
        assertThat(leased + db.count("select count(*) from outbox_message where state = 'sent'")).isEqualTo(MESSAGES);

        relay.delayDataReply(Duration.ZERO);
        processes.start("lease-other", config.file, Map.of(), "worker");
        Poll.until(WAIT, "the other worker to take over and send every row after the lease ran out",
                () -> db.count("select count(*) from outbox_message where state = 'sent'") == MESSAGES);

        Instant woken = Instant.now();
        paused.resume();
        paused.awaitLog("event=lease_lost", WAIT);

        assertThat(relay.handoffs()).as("messages handed to the relay after the paused worker woke")
                .noneMatch(h -> h.at().isAfter(woken));
        Map<String, Integer> received = relay.byMessageId();
        assertThat(received).hasSize(MESSAGES);
        assertThat(received.values()).as("copies per Message-ID").allMatch(n -> n <= 2).contains(2);
        assertThat(db.count("select count(*) from outbox_message where state = 'sent' and attempts = 1"
                + " and sent_at < '" + woken + "'")).as("rows marked sent once, before the paused worker woke")
                .isEqualTo(MESSAGES);
        assertThat(paused.log()).containsPattern("event=lease_lost sent=\\d+ acknowledged=0");
        AppProcess.Result status = AppProcess.run(config.file, Map.of(), WAIT, "status", "--json");
        assertThat(new ObjectMapper().readTree(status.stdout()).path("outbox").path("sent").asLong()).isEqualTo(MESSAGES);
    }
}
