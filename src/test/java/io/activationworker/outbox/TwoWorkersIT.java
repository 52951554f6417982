package io.activationworker.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.testing.AppProcess;
import io.activationworker.testing.BulkFeed;
import io.activationworker.testing.Poll;
import io.activationworker.testing.PostgresExtension;
import io.activationworker.testing.ProcessConfig;
import io.activationworker.testing.ProcessExtension;
import io.activationworker.testing.RelayExtension;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two worker processes share one PostgreSQL outbox of 500 messages. */
class TwoWorkersIT {

    private static final int MESSAGES = 500;
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Pattern BATCH_SENT = Pattern.compile("event=sent_acknowledged claimed=\\d+ acknowledged=(\\d+)");

    @RegisterExtension
    final RelayExtension relay = new RelayExtension();
    @RegisterExtension
    final PostgresExtension db = new PostgresExtension(2);
    @RegisterExtension
    final ProcessExtension processes = new ProcessExtension();

    private ProcessConfig config;

    @BeforeEach
    void configure() {
        // A relay that takes its time, so that neither process can empty the queue alone in a poll interval.
        relay.delayDataReply(Duration.ofMillis(5));
        config = ProcessConfig.write(relay.port(), db.url(), Map.of(
                "worker.threads", "2",
                "worker.batch-size", "10",
                "worker.lease-seconds", "30"));
    }

    @Test
    void two_worker_processes_deliver_each_of_500_messages_once_and_both_do_work() throws Exception {
        // DEBUG shows each acknowledged batch, so the logs tell which process sent how much.
        Map<String, String> debug = Map.of("LOG_LEVEL", "DEBUG");
        List<AppProcess> workers = List.of(processes.start("two-workers-a", config.file, debug, "worker"),
                processes.start("two-workers-b", config.file, debug, "worker"));
        for (AppProcess w : workers) {
            w.awaitLog("event=started role=worker", WAIT);
        }
        Files.writeString(config.feedDir().resolve("bulk.yaml"), BulkFeed.yaml("bulk", 1, MESSAGES));

        Poll.until(WAIT, "500 messages sent",
                () -> db.count("select count(*) from outbox_message where state = 'sent'") == MESSAGES);
        Poll.until(WAIT, "500 messages received", () -> relay.received().size() >= MESSAGES);

        Map<String, Integer> received = relay.byMessageId();
        assertThat(received).hasSize(MESSAGES);
        assertThat(received.values()).as("copies per Message-ID").containsOnly(1);
        assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(
                db.strings("select message_id from outbox_message"));
        long sentByA = sentIn(workers.get(0).log());
        long sentByB = sentIn(workers.get(1).log());
        assertThat(sentByA).as("sent by process a").isPositive();
        assertThat(sentByB).as("sent by process b").isPositive();
        assertThat(sentByA + sentByB).isEqualTo(MESSAGES);
        assertThat(db.count("select count(*) from outbox_message where attempts <> 1")).isZero();
    }

    private static long sentIn(String log) {
        long sent = 0;
        Matcher m = BATCH_SENT.matcher(log);
        while (m.find()) {
            sent += Long.parseLong(m.group(1));
        }
        return sent;
    }
}
