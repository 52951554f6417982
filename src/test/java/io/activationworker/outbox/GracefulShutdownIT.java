package io.activationworker.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.testing.AppProcess;
import io.activationworker.testing.FreePort;
import io.activationworker.testing.Poll;
import io.activationworker.testing.PostgresExtension;
import io.activationworker.testing.ProcessExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM while messages are in flight: exit 0, nothing left claimed by the process that is gone. */
class GracefulShutdownIT {

    @TempDir
    Path dir;
    @RegisterExtension
    final PostgresExtension db = new PostgresExtension(2);
    @RegisterExtension
    final ProcessExtension processes = new ProcessExtension();

    private static String feed(int agreements) {
        String alphabet = "BCDFGHJKMPQRTVWXY2346789";
        StringBuilder s = new StringBuilder("schema: 1\npartner: { id: bulk-partner, name: \"Bulk\" }\nagreements:\n");
        for (int i = 0; i < agreements; i++) {
            StringBuilder key = new StringBuilder();
            int n = i;
            for (int j = 0; j < 25; j++) {
                key.append(alphabet.charAt(j < 20 ? (j * 7 + 3) % 24 : n % 24));
                if (j >= 20) {
                    n /= 24;
                }
            }
            s.append("  - { number: V9").append(String.format("%06d", i))
                    .append(", customer: { tenant: t").append(i).append(".example, name: \"T").append(i)
                    .append("\" }, onlineAdministrator: { name: \"A\", email: a").append(i)
                    .append("@t.example }, keys: [ { key: \"").append(key)
                    .append("\", product: \"Microsoft 365 Business Premium\", seats: 5, termMonths: 12 } ] }\n");
        }
        return s.toString();
    }

    @Test
    void sigterm_finishes_or_releases_in_flight_messages_and_exits_0() throws Exception {
        // smtp-sink must be told its port on its command line.
        int smtpPort = FreePort.pick();
        // A relay that takes a second to answer each DATA: messages are in flight when we stop.
        Process sink = new ProcessBuilder("/usr/sbin/smtp-sink", "-u", "nobody", "-w", "1", "127.0.0.1:" + smtpPort, "64")
                .redirectErrorStream(true).redirectOutput(dir.resolve("sink.log").toFile()).start();
        Map<String, String> env = new HashMap<>();
        env.put("ACTIVATION_DB_URL", db.url());
        env.put("ACTIVATION_DB_USER", "postgres");
        env.put("ACTIVATION_SMTP_HOST", "127.0.0.1");
        env.put("ACTIVATION_SMTP_PORT", Integer.toString(smtpPort));
        env.put("ACTIVATION_KEY_SECRET", "graceful-shutdown-test-secret-000000001");
        env.put("ACTIVATION_FEED_DIR", Files.createDirectories(dir.resolve("feed")).toString());
        env.put("ACTIVATION_DATA_DIR", dir.resolve("data").toString());
        env.put("ACTIVATION_HTTP_PORT", Integer.toString(FreePort.pick()));
        env.put("ACTIVATION_WORKER_THREADS", "4");
        env.put("ACTIVATION_WORKER_BATCH_SIZE", "20");
        env.put("ACTIVATION_WORKER_LEASE_SECONDS", "30");
        try {
            AppProcess worker = processes.startWithEnv("graceful-shutdown", env, "worker");
            Files.writeString(dir.resolve("feed").resolve("bulk.yaml"), feed(200));
            Poll.until(Duration.ofSeconds(60), "messages in flight",
                    () -> db.count("select count(*) from outbox_message where state = 'sent'") >= 4
                            && db.count("select count(*) from outbox_message where state = 'sending'") > 0);
            long stopAt = System.nanoTime();
            assertThat(worker.terminate(Duration.ofSeconds(60))).as(worker.log()).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - stopAt)).isLessThan(Duration.ofSeconds(30));
            assertThat(db.count("select count(*) from outbox_message where state = 'sending' or lease_owner is not null"))
                    .as("rows still claimed by the stopped worker").isZero();
            assertThat(db.count("select count(*) from outbox_message where state in ('queued', 'sent')")).isEqualTo(200);
            assertThat(db.count("select count(*) from outbox_message where state = 'queued'")).isPositive();
        } finally {
            sink.destroyForcibly();
        }
    }
}
