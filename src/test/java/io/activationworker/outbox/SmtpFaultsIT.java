package io.activationworker.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.activationworker.testing.AppProcess;
import io.activationworker.testing.BulkFeed;
import io.activationworker.testing.Poll;
import io.activationworker.testing.PostgresExtension;
import io.activationworker.testing.ProcessConfig;
import io.activationworker.testing.ProcessExtension;
import io.activationworker.testing.RelayExtension;
import io.activationworker.testing.SmtpFaultProxy;
import io.activationworker.testing.SmtpFaultProxy.Fault;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A worker process in front of a relay that fails for a while (421, 450, connection refused,
 * connection cut after DATA), then recovers; and a relay that refuses one recipient with 550.
 * The relay is GreenMail behind {@link SmtpFaultProxy}; the worker is the real jar.
 */
class SmtpFaultsIT {

    private static final int MESSAGES = 2;
    private static final long RETRY_BASE_MS = 200;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    final RelayExtension relay = new RelayExtension();
    @RegisterExtension
    final PostgresExtension db = new PostgresExtension(2);
    @RegisterExtension
    final ProcessExtension processes = new ProcessExtension();

    private ProcessConfig config;
    private AppProcess worker;

    @BeforeEach
    void configure() {
        useConfig(Map.of(
                "worker.threads", "2",
                "worker.batch-size", "10",
                "worker.retry-base-ms", Long.toString(RETRY_BASE_MS),
                "worker.max-attempts", "30"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Fault.class, names = {"GREETING_421", "RECIPIENT_450", "REFUSE", "DROP_AFTER_DATA"})
    void while_the_relay_fails_messages_are_retried_with_growing_jittered_pauses_and_all_go_out_when_it_recovers(
            Fault fault) throws IOException {
        relay.fault(fault);
        Files.writeString(config.feedDir().resolve("partner.yaml"), BulkFeed.yaml("faults", 1, MESSAGES));
        worker = processes.start("smtp-faults-" + fault, config.file, Map.of(), "worker");

        Poll.until(WAIT, "every message tried three times while the relay fails",
                () -> db.count("select count(*) from outbox_message where attempts >= 3") == MESSAGES);
        if (fault == Fault.GREETING_421) {
            // What the operator sees meanwhile (the same whatever the fault, so asked once).
            JsonNode status = status();
            assertThat(status.path("outbox").path("sent").asLong()).isZero();
            assertThat(status.path("outbox").path("failed").asLong()).isZero();
            assertThat(status.path("outbox").path("queued").asLong() + status.path("outbox").path("sending").asLong())
                    .isEqualTo(MESSAGES);
            assertThat(status.path("outboxAttemptsPending").asLong()).isGreaterThanOrEqualTo(3L * MESSAGES);
            AppProcess.Result text = AppProcess.run(config.file, Map.of(), WAIT, "status");
            assertThat(text.stdout()).containsPattern("failed tries: +\\d+, on messages not sent yet");
        }
        assertThat(db.strings("select last_error from outbox_message")).allSatisfy(error -> assertThat(error).isNotBlank());

        relay.fault(Fault.NONE);
        Poll.until(WAIT, "every message sent after the relay recovered",
                () -> db.count("select count(*) from outbox_message where state = 'sent'") == MESSAGES);

        Map<String, Integer> received = relay.byMessageId();
        assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(messageIds());
        if (fault != Fault.DROP_AFTER_DATA) {
            assertThat(received.values()).as("copies per Message-ID").containsOnly(1);
        }
        assertRetriesBackOffExponentiallyWithJitter(RetryLog.parse(worker.log()));
    }

    @Test
    void a_recipient_refused_with_550_fails_after_one_try_and_the_other_messages_go_out() throws IOException {
        int messages = 3;
        String refused = BulkFeed.email(2);
        relay.rejectRecipient(refused);
        Files.writeString(config.feedDir().resolve("partner.yaml"), BulkFeed.yaml("faults", 1, messages));
        worker = processes.start("smtp-faults-550", config.file, Map.of(), "worker");

        Poll.until(WAIT, "two messages sent and one failed", () ->
                db.count("select count(*) from outbox_message where state = 'sent'") == messages - 1
                && db.count("select count(*) from outbox_message where state = 'failed'") == 1);

        assertThat(db.strings("select recipient_email || ' ' || attempts || ' ' || last_error from outbox_message"
                + " where state = 'failed'")).singleElement().asString().startsWith(refused + " 1 550");
        assertThat(relay.recipientTries()).filteredOn(t -> t.address().equals(refused)).hasSize(1);
        assertThat(relay.received()).hasSize(messages - 1);
        assertThat(worker.log()).contains("event=message_failed").contains("agreement=V0000002 attempt=1 outcome=rejected");
        JsonNode status = status();
        assertThat(status.path("outbox").path("failed").asLong()).isEqualTo(1);
        assertThat(status.path("outbox").path("sent").asLong()).isEqualTo(messages - 1);
    }

    @Test
    void a_connection_the_relay_closed_while_idle_is_replaced_without_a_failed_try() throws IOException {
        useConfig(Map.of("worker.threads", "1"));
        Files.writeString(config.feedDir().resolve("first.yaml"), BulkFeed.yaml("first", 1, 1));
        worker = processes.start("smtp-faults-idle-close", config.file, Map.of(), "worker");
        Poll.until(WAIT, "the first message sent",
                () -> db.count("select count(*) from outbox_message where state = 'sent'") == 1);
        relay.cutConnections();
        Instant cut = Instant.now();
        // This wait is the scenario, not a wait for an event: the worker checks (NOOP) only a connection idle
        // for over a second on its own monotonic clock (SmtpConnection), which no test clock or event reaches.
        Poll.until(WAIT, "the connection idle for two seconds", () -> Instant.now().isAfter(cut.plusSeconds(2)));

        Files.writeString(config.feedDir().resolve("second.yaml"), BulkFeed.yaml("second", 2, 1));
        Poll.until(WAIT, "the second message sent",
                () -> db.count("select count(*) from outbox_message where state = 'sent'") == 2);

        assertThat(db.strings("select attempts || ' ' || coalesce(last_error, '-') from outbox_message"))
                .containsOnly("1 -");
        assertThat(worker.log()).doesNotContain("event=message_retry");
        assertThat(relay.received()).hasSize(2);
    }

    @Test
    void a_message_the_relay_never_takes_is_declared_failed_after_worker_max_attempts() throws IOException {
        useConfig(Map.of("worker.threads", "1", "worker.retry-base-ms", Long.toString(RETRY_BASE_MS),
                "worker.max-attempts", "3"));
        relay.fault(Fault.RECIPIENT_450);
        Files.writeString(config.feedDir().resolve("partner.yaml"), BulkFeed.yaml("faults", 1, 1));
        worker = processes.start("smtp-faults-max-attempts", config.file, Map.of(), "worker");

        Poll.until(WAIT, "the message declared failed",
                () -> db.count("select count(*) from outbox_message where state = 'failed'") == 1);
        assertThat(db.strings("select attempts || ' ' || last_error from outbox_message")).singleElement().asString()
                .startsWith("3 450");
        assertThat(relay.recipientTries()).hasSize(3);
        assertThat(worker.log()).contains("event=message_failed").contains("attempt=3 outcome=gave_up");
        assertThat(status().path("outbox").path("failed").asLong()).isEqualTo(1);
    }

    /**
     * The n-th retry waits between half and all of base·2^(n-1) (equal jitter), the waits are not
     * all the same, and no message is tried again before its wait is over.
     */
    private void assertRetriesBackOffExponentiallyWithJitter(List<RetryLog> retries) {
        Map<String, List<RetryLog>> byMessage = retries.stream().collect(Collectors.groupingBy(RetryLog::messageId));
        assertThat(byMessage.keySet()).containsExactlyInAnyOrderElementsOf(messageIds());
        for (List<RetryLog> tries : byMessage.values()) {
            assertThat(tries.size()).isGreaterThanOrEqualTo(3);
            for (int i = 0; i < tries.size(); i++) {
                RetryLog r = tries.get(i);
                long full = RETRY_BASE_MS << i;
                assertThat(r.attempt()).isEqualTo(i + 1);
                assertThat(r.retryInMs()).as("wait after attempt %d", r.attempt()).isBetween(full / 2, full);
                if (i > 0) {
                    long waited = Duration.between(tries.get(i - 1).at(), r.at()).toMillis();
                    assertThat(waited).as("pause before attempt %d", r.attempt() + 1)
                            .isGreaterThanOrEqualTo(tries.get(i - 1).retryInMs() - 50);
                }
            }
        }
        assertThat(retries.stream().map(r -> (double) r.retryInMs() / (RETRY_BASE_MS << (r.attempt() - 1))).distinct())
                .as("jitter: waits relative to their band").hasSizeGreaterThan(1);
    }

    /** A configuration of this test's own instead of the common one, on the test's (still empty) database. */
    private void useConfig(Map<String, String> settings) {
        config = ProcessConfig.write(relay.port(), db.url(), settings);
    }

    private JsonNode status() throws IOException {
        AppProcess.Result result = AppProcess.run(config.file, Map.of(), WAIT, "status", "--json");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return new ObjectMapper().readTree(result.stdout());
    }

    private List<String> messageIds() {
        return db.strings("select message_id from outbox_message");
    }
}
