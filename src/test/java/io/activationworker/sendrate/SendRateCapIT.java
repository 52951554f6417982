package io.activationworker.sendrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.testing.BulkFeed;
import io.activationworker.testing.Poll;
import io.activationworker.testing.TestApp;
import io.activationworker.testing.ThrottlingRelay;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code smtp.max-per-second} holds for two worker instances on one database together: the relay
 * never sees more than the cap (plus 10%) within any second, and the cap is nearly reached. A cap
 * kept per process would let twice as many through.
 */
class SendRateCapIT {

    private static final int CAP = 20;
    private static final int MESSAGES = 120;

    @Test
    void two_workers_on_one_database_share_the_cap_and_nearly_reach_it() {
        try (ThrottlingRelay relay = new ThrottlingRelay()) {
            Map<String, String> config = Map.of(
                    "smtp.port", Integer.toString(relay.port()),
                    "smtp.max-per-second", Integer.toString(CAP),
                    "worker.threads", "4",
                    "worker.batch-size", "10");
            try (TestApp a = TestApp.start(config, Clock.systemUTC(), true, false);
                 TestApp b = TestApp.start(with(config, "db.url", a.dbUrl()), Clock.systemUTC(), true, false)) {
                a.importFeed("bulk.yaml", BulkFeed.yaml("cap", 1, MESSAGES));

                Poll.until(Duration.ofSeconds(60), MESSAGES + " messages at the relay", () -> relay.messages() == MESSAGES);

                assertThat(relay.duplicates()).isZero();
                assertThat(relay.mostInAnySecond()).as("most messages within one second, at ms %s", relay.busiestSecond())
                        .isLessThanOrEqualTo(CAP + CAP / 10);
                assertThat(relay.achievedRate()).as("messages a second").isGreaterThanOrEqualTo(0.9 * CAP);
                assertThat(a.count("select count(*) from outbox_message where state = 'sent'")).isEqualTo(MESSAGES);
            }
        }
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> m = new java.util.HashMap<>(base);
        m.put(key, value);
        return m;
    }
}
