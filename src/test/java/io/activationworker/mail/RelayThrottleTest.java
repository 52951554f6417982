package io.activationworker.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.mail.SmtpFailure.Throttling;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The throttle's decisions on a clock the test moves (no relay, no sleeping). */
class RelayThrottleTest {

    private static final long MS = 1_000_000L;

    private final AtomicLong now = new AtomicLong(1_000_000 * MS);
    private final RelayThrottle throttle = new RelayThrottle(8, Duration.ofSeconds(30), Duration.ofSeconds(1),
            Duration.ofSeconds(60), now::get);

    @Test
    void connections_open_one_at_a_time_as_each_new_one_carries_a_message() {
        assertThat(throttle.allowedConnections()).isEqualTo(1);
        for (int i = 1; i <= 10; i++) {
            throttle.opened();
            throttle.accepted(throttle.nextTurn());
        }
        assertThat(throttle.allowedConnections()).isEqualTo(8);
    }

    @Test
    void a_connection_refused_as_one_too_many_sets_the_limit_to_what_is_open_and_one_more_is_tried_later() {
        for (int i = 0; i < 3; i++) {
            throttle.opened();
            throttle.accepted(throttle.nextTurn());
        }
        assertThat(throttle.allowedConnections()).isEqualTo(4);
        SmtpFailure refused = failure(432, Throttling.CONNECTIONS);
        assertThat(throttle.outage(refused)).isFalse();
        throttle.throttled(throttle.nextTurn(), refused);
        assertThat(throttle.allowedConnections()).isEqualTo(3);
        assertThat(throttle.mayConnect(3)).isFalse();

        throttle.accepted(throttle.nextTurn());
        assertThat(throttle.allowedConnections()).as("no probe before 30 s").isEqualTo(3);
        now.addAndGet(31_000 * MS);
        throttle.accepted(throttle.nextTurn());
        assertThat(throttle.allowedConnections()).isEqualTo(4);
    }

    @Test
    void a_connection_refused_with_none_open_is_an_outage() {
        assertThat(throttle.outage(failure(421, Throttling.CONNECTIONS))).isTrue();
        assertThat(throttle.outage(failure(454, Throttling.RATE))).isFalse();
    }

    @Test
    void too_much_mail_pauses_then_spaces_messages_below_the_rate_the_relay_took_and_creeps_back_up() {
        // 100 messages a second for 5 s, all accepted.
        for (int i = 0; i < 500; i++) {
            throttle.accepted(throttle.nextTurn());
            now.addAndGet(10 * MS);
        }
        long inFlight = throttle.nextTurn();
        throttle.throttled(inFlight, failure(454, Throttling.RATE));
        assertThat(throttle.rate()).isCloseTo(85.0, org.assertj.core.data.Offset.offset(2.0));
        long first = throttle.nextTurn();
        assertThat(first - now.get()).as("paused").isEqualTo(1000 * MS);
        assertThat(throttle.nextTurn() - first).as("spacing").isBetween(11 * MS, 12 * MS);

        double cut = throttle.rate();
        throttle.throttled(inFlight, failure(454, Throttling.RATE));
        assertThat(throttle.rate()).as("a reply to a message in flight before the pause changes nothing")
                .isEqualTo(cut);

        for (int i = 0; i < 50; i++) {
            throttle.accepted(throttle.nextTurn());
        }
        assertThat(throttle.rate()).isGreaterThan(cut);
    }

    @Test
    void refusals_of_messages_sent_after_each_pause_double_the_pause() {
        throttle.accepted(throttle.nextTurn());
        throttle.throttled(throttle.nextTurn(), failure(454, Throttling.RATE));
        long afterFirst = throttle.nextTurn();
        now.set(afterFirst);
        throttle.throttled(afterFirst, failure(454, Throttling.RATE));
        assertThat(throttle.nextTurn() - now.get()).isEqualTo(2000 * MS);
    }

    private static SmtpFailure failure(int code, Throttling throttling) {
        return new SmtpFailure(code + " slow down", code, false, true, throttling, null);
    }
}
