package io.activationworker.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.activationworker.db.Database;
import io.activationworker.testing.AppProcess;
import io.activationworker.testing.BulkFeed;
import io.activationworker.testing.Inbox;
import io.activationworker.testing.Poll;
import io.activationworker.testing.ProcessConfig;
import io.activationworker.testing.Rows;
import io.activationworker.testing.SmtpFaultProxy;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two worker processes share one PostgreSQL outbox of 500 messages. */
class TwoWorkersIT {

    private static final int MESSAGES = 500;
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Pattern BATCH_SENT = Pattern.compile("event=sent_acknowledged claimed=\\d+ acknowledged=(\\d+)");

    private GreenMail greenMail;
    private SmtpFaultProxy relay;
    private ProcessConfig config;
    private Database db;
    private final List<AppProcess> workers = new ArrayList<>();

    @BeforeEach
    void start() {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        relay = new SmtpFaultProxy(greenMail.getSmtp().getPort());
        // A relay that takes its time, so that neither process can empty the queue alone in a poll interval.
        relay.delayDataReply(Duration.ofMillis(5));
        config = ProcessConfig.write(relay.port(), Map.of(
                "worker.threads", "2",
                "worker.batch-size", "10",
                "worker.lease-seconds", "30"));
        db = Database.connect(config.dbUrl(), "postgres", "", 2);
    }

    @AfterEach
    void stop() {
        workers.forEach(AppProcess::close);
        db.close();
        relay.close();
        greenMail.stop();
    }

    @Test
    void two_worker_processes_deliver_each_of_500_messages_once_and_both_do_work() throws Exception {
        // DEBUG shows each acknowledged batch, so the logs tell which process sent how much.
        Map<String, String> debug = Map.of("LOG_LEVEL", "DEBUG");
        workers.add(AppProcess.start("two-workers-a", config.file, debug, "worker"));
        workers.add(AppProcess.start("two-workers-b", config.file, debug, "worker"));
        for (AppProcess w : workers) {
            w.awaitLog("event=started role=worker", WAIT);
        }
        Files.writeString(config.feedDir().resolve("bulk.yaml"), BulkFeed.yaml("bulk", 1, MESSAGES));

        Poll.until(WAIT, "500 messages sent",
                () -> Rows.count(db, "select count(*) from outbox_message where state = 'sent'") == MESSAGES);
        Poll.until(WAIT, "500 messages received", () -> greenMail.getReceivedMessages().length >= MESSAGES);

        Map<String, Integer> received = Inbox.byMessageId(greenMail);
        assertThat(received).hasSize(MESSAGES);
        assertThat(received.values()).as("copies per Message-ID").containsOnly(1);
        assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(
                db.jdbi().withHandle(h -> h.createQuery("select message_id from outbox_message").mapTo(String.class).list()));
        long sentByA = sentIn(workers.get(0).log());
        long sentByB = sentIn(workers.get(1).log());
        assertThat(sentByA).as("sent by process a").isPositive();
        assertThat(sentByB).as("sent by process b").isPositive();
        assertThat(sentByA + sentByB).isEqualTo(MESSAGES);
        assertThat(Rows.count(db, "select count(*) from outbox_message where attempts <> 1")).isZero();
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
