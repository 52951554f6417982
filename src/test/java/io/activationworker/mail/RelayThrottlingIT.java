package io.activationworker.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.testing.BulkFeed;
import io.activationworker.testing.Poll;
import io.activationworker.testing.TestApp;
import io.activationworker.testing.ThrottlingRelay;
import io.activationworker.testing.ThrottlingRelay.Phase;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A worker (8 threads) against relays that throttle the way real ones do. Each time it backs off
 * instead of hammering (4xx replies under 5% of the relay's answers), never gives a message up,
 * counts no throttling reply as a failed try, and reaches at least 0.8 × what the relay allows.
 */
class RelayThrottlingIT {

    private static final int MESSAGES = 100;
    /** Each message takes the relay this long after DATA, so connections limit throughput. */
    private static final long DATA_MILLIS = 200;

    enum Relay {
        /** Exchange Online: 3 concurrent connections, then a message rate (scaled from 30 a minute). */
        EXCHANGE_ONLINE(r -> r.limitConnections(3, "432 4.3.2 Concurrent connections limit exceeded")
                .limitRate(10, 10, Phase.END_OF_DATA, "451 4.7.500 Server busy. Please try again later"), 3, 10),
        /** Amazon SES: a maximum sending rate, answered after DATA. */
        AMAZON_SES(r -> r.limitRate(20, 20, Phase.END_OF_DATA, "454 Throttling failure: Maximum sending rate exceeded."),
                0, 20),
        /** Postfix smtpd_client_connection_count_limit. */
        POSTFIX_CONNECTIONS(r -> r.limitConnections(2, "421 4.7.0 relay.test Error: too many connections from 127.0.0.1"),
                2, Double.POSITIVE_INFINITY),
        /** Postfix smtpd_client_message_rate_limit, answered to MAIL FROM. */
        POSTFIX_MESSAGE_RATE(r -> r.limitRate(20, 20, Phase.MAIL_FROM, "450 4.7.1 Error: too much mail from 127.0.0.1"),
                0, 20);

        final Consumer<ThrottlingRelay> limits;
        /** Concurrent connections the relay takes (0: no limit). */
        final int connections;
        /** Messages a second the relay takes. */
        final double rate;

        Relay(Consumer<ThrottlingRelay> limits, int connections, double rate) {
            this.limits = limits;
            this.connections = connections;
            this.rate = rate;
        }
    }

    /**
     * What the relay allows: its message rate, or what a plain Jakarta Mail loop reaches over exactly
     * the connections it takes (measured now, on this machine, against a relay like it), if less.
     */
    private static double allowed(Relay kind) throws Exception {
        if (kind.connections == 0) {
            return kind.rate;
        }
        try (ThrottlingRelay twin = new ThrottlingRelay().delayEndOfData(DATA_MILLIS)) {
            return Math.min(kind.rate, PlainSmtpLoop.rate(twin.port(), kind.connections, MESSAGES / 2));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Relay.class)
    void the_worker_slows_to_what_the_relay_takes_and_delivers_everything(Relay kind) throws Exception {
        double allowed = allowed(kind);
        try (ThrottlingRelay relay = new ThrottlingRelay().delayEndOfData(DATA_MILLIS)) {
            kind.limits.accept(relay);
            Map<String, String> config = Map.of(
                    "smtp.port", Integer.toString(relay.port()),
                    "worker.threads", "8",
                    "worker.batch-size", "10",
                    "worker.retry-base-ms", "60000");
            try (TestApp app = TestApp.start(config, Clock.systemUTC(), true, false)) {
                app.importFeed("bulk.yaml", BulkFeed.yaml("throttle", 1, MESSAGES));

                Poll.until(Duration.ofSeconds(90), MESSAGES + " messages at the relay",
                        () -> relay.messages() == MESSAGES);

                assertThat(relay.duplicates()).isZero();
                Poll.until(Duration.ofSeconds(10), "every message acknowledged",
                        () -> app.count("select count(*) from outbox_message where state = 'sent'") == MESSAGES);
                assertThat(app.count("select count(*) from outbox_message where attempts <> 1"))
                        .as("messages with a try counted for a throttling reply").isZero();
                assertThat((double) relay.temporaryReplies() / relay.commands()).as("4xx share of %d replies",
                        relay.commands()).isLessThan(0.05);
                assertThat(relay.achievedRate()).as("messages a second, relay allows %.1f; arrivals at ms %s", allowed, relay.timeline())
                        .isGreaterThanOrEqualTo(0.8 * allowed);
            }
        }
    }
}
