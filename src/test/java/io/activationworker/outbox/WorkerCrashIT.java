package io.activationworker.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.testing.AppProcess;
import io.activationworker.testing.Browser;
import io.activationworker.testing.BulkFeed;
import io.activationworker.testing.Feeds;
import io.activationworker.testing.Inbox;
import io.activationworker.testing.Mails;
import io.activationworker.testing.Poll;
import io.activationworker.testing.PostgresExtension;
import io.activationworker.testing.ProcessConfig;
import io.activationworker.testing.ProcessExtension;
import io.activationworker.testing.RelayExtension;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code kill -9} of the {@code run} process while it sends through a slow relay, with
 * activations and a redemption just done or in flight; then a plain restart.
 */
class WorkerCrashIT {

    private static final int AGREEMENTS = 30;
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
        relay.delayDataReply(Duration.ofMillis(250));
        config = ProcessConfig.write(relay.port(), db.url(), Map.of(
                "worker.threads", "2",
                "worker.batch-size", "5",
                "worker.lease-seconds", "5",
                "worker.retry-base-ms", "200"));
    }

    @Test
    void after_kill_9_while_sending_a_restart_delivers_everything_once_per_message_id_and_activates_nothing_twice()
            throws Exception {
        Files.writeString(config.feedDir().resolve("bulk.yaml"), BulkFeed.yaml("bulk", 1, AGREEMENTS) + """
                retailKeys:
                  - { key: "%s", product: "%s", seats: 5, termMonths: 12 }
                """.formatted(Feeds.RETAIL_1, Feeds.PREMIUM));
        AppProcess first = start("crash-before");
        String link1 = activationLink(1);
        String link2 = activationLink(2);

        // Administrator 1 activates and redeems a retail key to add licences.
        Browser admin1 = new Browser(config.baseUrl());
        admin1.get(link1);
        String acceptForm = admin1.formToken().orElseThrow();
        assertThat(admin1.post(link1, Map.of("accept", "yes")).statusCode()).isEqualTo(303);
        String subscription = subscriptionId(admin1.get("/products").body());
        assertThat(admin1.get("/products/" + subscription + "/redeem?action=add&step=key").statusCode()).isEqualTo(200);
        assertThat(admin1.post("/products/" + subscription + "/redeem",
                Map.of("action", "add", "key1", Feeds.RETAIL_1)).statusCode()).isEqualTo(200);
        String reviewForm = admin1.formToken().orElseThrow();
        assertThat(admin1.post("/products/" + subscription + "/redeem/confirm", Map.of()).statusCode()).isEqualTo(200);

        // Administrator 2 double-clicks "accept" just as the process is killed, mid-sending.
        Poll.until(WAIT, "a dozen messages handed to the relay", () -> relay.handoffs().size() >= 12);
        ExecutorService clicks = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4; i++) {
            clicks.execute(() -> {
                Browser b = new Browser(config.baseUrl());
                try {
                    b.get(link2);
                    b.post(link2, Map.of("accept", "yes"));
                } catch (AssertionError connectionCut) {
                    // The process died under the request: the user sees a network error and clicks again.
                }
            });
        }
        first.kill9();
        clicks.shutdown();
        assertThat(clicks.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(db.count("select count(*) from outbox_message where state in ('queued', 'sending')"))
                .as("messages left unsent by the killed process").isPositive();

        start("crash-after");
        // The users try again after the restart, from the pages they still have open.
        Browser again2 = new Browser(config.baseUrl());
        again2.get(link2);
        assertThat(again2.post(link2, Map.of("accept", "yes")).statusCode()).isIn(200, 303);
        assertThat(admin1.post("/products/" + subscription + "/redeem/confirm", Map.of("csrf", reviewForm)).statusCode())
                .isIn(200, 303);
        assertThat(admin1.post(link1, Map.of("accept", "yes", "csrf", acceptForm)).statusCode()).isIn(200, 303);

        Poll.until(WAIT, "every outbox message sent", () ->
                db.count("select count(*) from outbox_message where state <> 'sent'") == 0
                && relay.byMessageId().keySet().containsAll(db.strings("select message_id from outbox_message")));

        // Nothing lost, and every copy of a message carries that message's one Message-ID.
        assertThat(relay.byMessageId().keySet())
                .containsExactlyInAnyOrderElementsOf(db.strings("select message_id from outbox_message"));
        Map<String, Set<String>> idsPerEmail = new HashMap<>();
        for (MimeMessage m : relay.received()) {
            idsPerEmail.computeIfAbsent(Mails.to(m) + " | " + subject(m), k -> new HashSet<>()).add(Inbox.messageId(m));
        }
        assertThat(idsPerEmail.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
        assertThat(relay.byMessageId().values()).as("copies per Message-ID: a message the kill caught between"
                + " the relay's acceptance and its acknowledgement went again under the same Message-ID").allMatch(n -> n <= 2);
        assertThat(relay.byMessageId().values().stream().filter(n -> n > 1).count())
                .as("Message-IDs received twice: at most one per worker thread").isLessThanOrEqualTo(2);
        assertThat(db.count("select count(*) from outbox_message where kind = 'activation_link'")).isEqualTo(AGREEMENTS);

        // Nothing activated or redeemed twice.
        assertThat(db.count("select count(*) from acceptance")).isEqualTo(2);
        assertThat(db.count("select count(*) from key_redemption")).isEqualTo(3);
        assertThat(db.count("select count(*) from outbox_message where kind = 'activation_confirmation'")).isEqualTo(2);
        assertThat(db.count("select count(*) from outbox_message where kind = 'redemption_confirmation'")).isEqualTo(1);
        LocalDate end = LocalDate.now(ZoneOffset.UTC).plusMonths(12);
        assertThat(db.strings("select tenant_id || ' ' || seats || ' ' || end_date from subscription order by tenant_id"))
                .containsExactly("customer1.example 10 " + end, "customer2.example 5 " + end);
    }

    /**
     * Re-sends after a crash are bounded by time, not by the batch: with 16 connections to a relay
     * that takes 150 ms per message, each thread acknowledges every message it sent, so the kill
     * catches at most the one message per connection whose acceptance was not yet recorded.
     */
    @Test
    void after_kill_9_with_sixteen_connections_to_a_slow_relay_at_most_sixteen_messages_arrive_twice() throws Exception {
        int agreements = 400;
        relay.delayDataReply(Duration.ofMillis(150));
        // A configuration of its own, on the test's database (still empty: the common one is not used here).
        ProcessConfig sixteen = ProcessConfig.write(relay.port(), db.url(), Map.of(
                "worker.threads", "16",
                "worker.batch-size", "50",
                "worker.lease-seconds", "5",
                "worker.retry-base-ms", "200"));
        Files.writeString(sixteen.feedDir().resolve("bulk.yaml"), BulkFeed.yaml("bulk", 1, agreements));
        AppProcess first = processes.startAndAwait("crash-16-before", sixteen.file, WAIT, "run");
        Poll.until(WAIT, "a hundred messages handed to the relay", () -> relay.handoffs().size() >= 100);
        first.kill9();
        int beforeRestart = relay.received().size();
        assertThat(beforeRestart).as("messages delivered before the kill").isLessThan(agreements);

        processes.start("crash-16-after", sixteen.file, Map.of(), "run");
        Poll.until(WAIT, "every outbox message sent",
                () -> db.count("select count(*) from outbox_message where state <> 'sent'") == 0);

        Map<String, Integer> copies = relay.byMessageId();
        long twice = copies.values().stream().filter(n -> n > 1).count();
        assertThat(copies.values()).allMatch(n -> n <= 2);
        assertThat(twice).as("Message-IDs received twice (" + beforeRestart + " delivered before the kill)")
                .isLessThanOrEqualTo(16);
        Set<String> recipients = new HashSet<>();
        for (MimeMessage m : relay.received()) {
            recipients.add(Mails.to(m));
        }
        assertThat(recipients).as("administrators who got their activation email").hasSize(agreements);
        System.out.println("WorkerCrashIT: delivered before kill=" + beforeRestart + ", received twice=" + twice);
    }

    private AppProcess start(String name) {
        return processes.startAndAwait(name, config.file, WAIT, "run");
    }

    private String activationLink(int agreement) {
        MimeMessage mail = Poll.until(WAIT, "the activation email to administrator " + agreement, () -> {
            for (MimeMessage m : relay.received()) {
                if (Mails.to(m).contains(BulkFeed.email(agreement))) {
                    return m;
                }
            }
            return null;
        });
        return Mails.link(mail, config.baseUrl() + "/activate/");
    }

    private static String subscriptionId(String productsPage) {
        Matcher m = Pattern.compile("/products/(\\d+)/redeem\\?action=add").matcher(productsPage);
        assertThat(m.find()).as("a subscription on Your products").isTrue();
        return m.group(1);
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }
}
