package io.activationworker.partner;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to try an event again: the Standard Webhooks example schedule (5 s, 5 min, 30 min, 2 h,
 * 5 h, 10 h, 10 h), stretched to about three days in all, each wait with ±20% jitter so events that
 * failed together (a receiver outage) do not all return in the same second.
 */
final class WebhookSchedule {

    static final List<Duration> WAITS = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
            Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10), Duration.ofHours(14),
            Duration.ofHours(24));
    /** A Retry-After beyond this is not believed. */
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);

    private final RandomGenerator random;

    WebhookSchedule(RandomGenerator random) {
        this.random = random;
    }

    /** The first try plus one per wait. */
    public int maxAttempts() {
        return WAITS.size() + 1;
    }

    /** The wait after the given failed attempt (1 = the first try failed); empty once the schedule is used up. */
    public Optional<Duration> waitAfter(int failedAttempts) {
        if (failedAttempts < 1 || failedAttempts > WAITS.size()) {
            return Optional.empty();
        }
        long millis = WAITS.get(failedAttempts - 1).toMillis();
        double factor = 0.8 + 0.4 * random.nextDouble();
        return Optional.of(Duration.ofMillis(Math.round(millis * factor)));
    }
}
