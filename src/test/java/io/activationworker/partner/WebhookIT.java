package io.activationworker.partner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.activationworker.Main;
import io.activationworker.testing.Browser;
import io.activationworker.testing.Feeds;
import io.activationworker.testing.MutableClock;
import io.activationworker.testing.Poll;
import io.activationworker.testing.Portal;
import io.activationworker.testing.TestApp;
import io.activationworker.testing.WebhookReceiver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Signed events to a real receiver on loopback, through the webhook outbox and its worker. */
class WebhookIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PARTNER = "northwind-partners";

    private WebhookReceiver receiver;
    private MutableClock clock;
    private TestApp app;

    @BeforeEach
    void start() {
        receiver = new WebhookReceiver();
        clock = MutableClock.now();
        app = TestApp.start(Map.of("webhook.allow-private", "true", "webhook.timeout-seconds", "2"), clock, true, true);
    }

    @AfterEach
    void stop() {
        app.close();
        receiver.close();
    }

    private String feed(String feed) {
        return feed.replace("partner: { id: northwind-partners, name: \"Northwind Partners BV\" }",
                "partner: { id: northwind-partners, name: \"Northwind Partners BV\", webhook: \"" + receiver.url() + "\" }");
    }

    private String badFeed() {
        return feed(Feeds.standard()) + """
                  - { key: "not-a-key", product: "%s", seats: 5, termMonths: 12 }
                """.formatted(Feeds.PREMIUM);
    }

    private WebhookReceiver.Received awaitEvent(String type) {
        return Poll.until(WAIT, "a " + type + " event", () -> receiver.received().stream()
                .filter(r -> type.equals(typeOf(r))).findFirst().orElse(null));
    }

    private static String typeOf(WebhookReceiver.Received r) {
        try {
            return JSON.readTree(r.body()).get("type").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    private void assertSigned(WebhookReceiver.Received r, List<String> secrets) {
        assertThat(r.id()).startsWith("msg_");
        assertThat(Long.parseLong(r.timestamp())).isCloseTo(clock.instant().getEpochSecond(), org.assertj.core.data.Offset.offset(3600L));
        String expected = WebhookSigner.signatures(secrets, r.id(), Long.parseLong(r.timestamp()), r.body());
        assertThat(r.signature()).isEqualTo(expected);
    }

    @Test
    void activation_redemption_and_rejection_arrive_as_signed_events() throws Exception {
        app.importFeed("northwind.yaml", badFeed());
        WebhookReceiver.Received rejected = awaitEvent("feed.rejected");
        String secret = app.services.webhookSecrets().current(PARTNER);
        assertThat(secret).startsWith("whsec_");
        assertSigned(rejected, List.of(secret));
        JsonNode data = JSON.readTree(rejected.body()).get("data");
        assertThat(data.get("rejected").get(0).get("reason").asText()).contains("is not used in product keys");

        Browser browser = Portal.acceptActivation(app, "anna@fabrikam.example");
        WebhookReceiver.Received activated = awaitEvent("agreement.activated");
        assertSigned(activated, List.of(secret));
        JsonNode activation = JSON.readTree(activated.body());
        assertThat(activation.get("data").get("agreement").asText()).isEqualTo("V1234567");
        assertThat(activation.get("data").get("administrator").asText()).isEqualTo("anna@fabrikam.example");

        long subscription = Portal.subscriptionId(app, "fabrikam.example");
        Portal.review(browser, subscription, "extend", Feeds.RETAIL_1);
        assertThat(Portal.confirm(browser, subscription).statusCode()).isIn(200, 303);
        WebhookReceiver.Received redeemed = awaitEvent("key.redeemed");
        assertSigned(redeemed, List.of(secret));
        assertThat(JSON.readTree(redeemed.body()).get("data").get("key").asText()).isEqualTo("…" + Feeds.RETAIL_1.substring(24));
        assertThat(receiver.received()).extracting(WebhookReceiver.Received::id).doesNotHaveDuplicates();
    }

    @Test
    void a_receiver_that_fails_three_times_gets_the_same_event_again_until_it_answers_2xx() {
        receiver.answer(500, 500, 500);
        app.importFeed("northwind.yaml", badFeed());
        for (int tries = 1; tries <= 3; tries++) {
            int expected = tries;
            Poll.until(WAIT, "try " + tries, () -> receiver.received().size() >= expected);
            Poll.until(WAIT, "try " + tries + " recorded", () ->
                    app.count("select attempts from webhook_event") == expected);
            clock.advance(Duration.ofHours(1)); // past the 5 s, 5 min, 30 min waits (with jitter)
        }
        Poll.until(WAIT, "the fourth try", () -> app.count("select count(*) from webhook_event where state = 'delivered'") == 1);
        List<WebhookReceiver.Received> all = receiver.received();
        assertThat(all).hasSize(4);
        assertThat(all).extracting(WebhookReceiver.Received::id).containsOnly(all.get(0).id());
        assertThat(all).extracting(WebhookReceiver.Received::body).containsOnly(all.get(0).body());
        assertThat(app.count("select attempts from webhook_event")).isEqualTo(4);
    }

    @Test
    void retry_after_is_honoured_on_429() {
        receiver.answerWithRetryAfter(429, 120);
        Instant before = clock.instant();
        app.importFeed("northwind.yaml", badFeed());
        Poll.until(WAIT, "the 429 recorded", () -> app.count("select attempts from webhook_event") == 1);
        Instant next = app.jdbi().withHandle(h -> h.createQuery("select next_attempt_at from webhook_event")
                .mapTo(Instant.class).one());
        assertThat(Duration.between(before, next)).isBetween(Duration.ofSeconds(119), Duration.ofSeconds(130));
    }

    @Test
    void a_receiver_that_never_answers_frees_the_worker_after_the_timeout() {
        receiver.hang();
        app.importFeed("northwind.yaml", badFeed());
        Poll.until(WAIT, "the try recorded as timed out", () ->
                app.count("select count(*) from webhook_event where attempts = 1 and state = 'queued'"
                        + " and last_error like 'no answer within 2 s%'") == 1);
        String error = app.text("select last_error from webhook_event");
        assertThat(error).contains("no answer within 2 s");
    }

    @Test
    void gone_disables_the_webhook_and_partner_show_says_so() {
        receiver.answer(410);
        app.importFeed("northwind.yaml", badFeed());
        Poll.until(WAIT, "the webhook disabled and the event failed", () ->
                app.count("select count(*) from partner where webhook_disabled_at is not null") == 1
                        && app.count("select count(*) from webhook_event where state = 'failed'") == 1);
        assertThat(app.text("select last_error from webhook_event")).contains("410 Gone");
        String shown = run("partner", "show", PARTNER);
        assertThat(shown).contains("webhook state:  disabled since").contains("410 Gone").contains("signing secret: whsec_");
        // no more events while disabled
        app.importFeed("northwind2.yaml", badFeed().replace("V1234567", "V7777777"));
        assertThat(app.count("select count(*) from webhook_event")).isEqualTo(1);
    }

    @Test
    void an_event_left_sending_by_a_crashed_worker_is_delivered_once_its_lease_runs_out() {
        receiver.hang(); // the first try never completes: as if the process died during it
        app.importFeed("northwind.yaml", badFeed());
        Poll.until(WAIT, "the event claimed", () -> !receiver.received().isEmpty());
        // A worker that died while sending: its row stays 'sending' under its lease.
        app.jdbi().useHandle(h -> h.execute("update webhook_event set state = 'sending', lease_owner = 'dead-worker', "
                + "lease_until = ?, attempts = 0", clock.instant().plus(Duration.ofMinutes(5))));
        receiver.release();
        clock.advance(Duration.ofMinutes(6));
        Poll.until(WAIT, "delivered after the lease ran out", () ->
                app.count("select count(*) from webhook_event where state = 'delivered'") == 1);
        assertThat(receiver.received()).extracting(WebhookReceiver.Received::id).containsOnly(receiver.received().get(0).id());
    }

    @Test
    void after_a_rotation_both_secrets_sign() {
        String old = app.services.webhookSecrets().current(ensurePartner());
        String fresh = run("partner", "rotate-secret", PARTNER).trim();
        assertThat(fresh).startsWith("whsec_").isNotEqualTo(old);
        assertThat(java.util.Base64.getDecoder().decode(fresh.substring(6))).hasSizeBetween(24, 64);
        app.importFeed("northwind.yaml", badFeed());
        WebhookReceiver.Received r = awaitEvent("feed.rejected");
        assertThat(r.signature().split(" ")).hasSize(2);
        assertSigned(r, List.of(fresh, old));
    }

    private String ensurePartner() {
        app.importFeed("first.yaml", feed(Feeds.agreement("Anna", "anna@fabrikam.example", Feeds.KEY_C)));
        return PARTNER;
    }

    /** Runs a command in this JVM against the app's configuration and returns what it printed. */
    private String run(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = app.dir.resolve("activation.properties").toString();
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        synchronized (WebhookIT.class) {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            try {
                assertThat(Main.execute(all)).isZero();
            } finally {
                System.setOut(original);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
