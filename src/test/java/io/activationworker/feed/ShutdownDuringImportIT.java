package io.activationworker.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.testing.AppProcess;
import io.activationworker.testing.BulkFeed;
import io.activationworker.testing.FreePort;
import io.activationworker.testing.Poll;
import io.activationworker.testing.PostgresExtension;
import io.activationworker.testing.ProcessConfig;
import io.activationworker.testing.ProcessExtension;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SIGTERM of a {@code worker} while its watcher imports a large partner file: the stop is logged as
 * an interrupted import, never as a rejected file or agreement, and the next start imports the
 * file whole (each agreement once, one activation email each).
 */
class ShutdownDuringImportIT {

    private static final int AGREEMENTS = 10_000;
    private static final Duration WAIT = Duration.ofSeconds(180);

    @RegisterExtension
    final PostgresExtension db = new PostgresExtension(2);
    @RegisterExtension
    final ProcessExtension processes = new ProcessExtension();

    private ProcessConfig config;

    @BeforeEach
    void configure() {
        // No relay listens: the emails stay queued, which is all this test needs of them.
        config = ProcessConfig.write(FreePort.pick(), db.url(), Map.of("worker.retry-base-ms", "60000"));
    }

    @Test
    void sigterm_during_an_import_is_logged_as_interrupted_and_the_next_start_imports_the_file_whole() throws Exception {
        Files.writeString(config.feedDir().resolve("bulk.yaml"), BulkFeed.yaml("bulk", 1, AGREEMENTS));
        AppProcess worker = processes.start("import-sigterm-1", config.file, Map.of(), "worker");
        Poll.until(WAIT, "the first agreements stored", () -> db.count("select count(*) from agreement") > 0);

        assertThat(worker.terminate(Duration.ofSeconds(60))).as("exit code after SIGTERM").isZero();
        String firstLog = worker.log();
        long storedAtStop = db.count("select count(*) from agreement");
        assertThat(storedAtStop).as("agreements stored when the import was stopped").isBetween(1L, AGREEMENTS - 1L);
        assertThat(firstLog).contains("event=feed_import_interrupted file=")
                .doesNotContain("feed_file_rejected", "feed_rejection", "agreement_store_failed", "ERROR");
        assertThat(db.count("select count(*) from agreement a where not exists"
                + " (select 1 from product_key k where k.agreement_number = a.number)"))
                .as("agreements stored without their key").isZero();

        worker = processes.start("import-sigterm-2", config.file, Map.of(), "worker");
        worker.awaitLog("event=feed_imported file=", WAIT);
        assertThat(db.count("select count(*) from agreement")).isEqualTo(AGREEMENTS);
        assertThat(db.count("select count(*) from product_key")).isEqualTo(AGREEMENTS);
        assertThat(db.count("select count(*) from outbox_message where kind = 'activation_link'")).isEqualTo(AGREEMENTS);
        assertThat(db.count("select count(*) from (select agreement_number from outbox_message"
                + " group by agreement_number having count(*) > 1) twice")).as("agreements emailed twice").isZero();
        assertThat(worker.log()).contains("rejected=0").doesNotContain("feed_file_rejected", "feed_rejection");
    }
}
