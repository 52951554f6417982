package io.activationworker.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * A sliding-window limit on attempts ("10 wrong keys per 15 minutes"), kept in PostgreSQL so it
 * holds across every instance. {@link #blockedUntil} tells when the next attempt is allowed.
 */
public final class AttemptLimiter {

    private final String scope;
    private final int max;
    private final Duration window;
    private final Clock clock;

    public AttemptLimiter(String scope, int max, Duration window, Clock clock) {
        this.scope = scope;
        this.max = max;
        this.window = window;
        this.clock = clock;
    }

    /** Empty when another attempt is allowed for every subject; else when it will be. */
    public Optional<Instant> blockedUntil(Handle h, String... subjects) {
        Instant now = clock.instant();
        Instant since = now.minus(window);
        AttemptLogDao dao = h.attach(AttemptLogDao.class);
        Optional<Instant> until = Optional.empty();
        for (String subject : subjects) {
            if (dao.countSince(scope, subject, since) >= max) {
                Instant free = dao.oldestSince(scope, subject, since).orElse(now).plus(window);
                if (until.isEmpty() || free.isAfter(until.get())) {
                    until = Optional.of(free);
                }
            }
        }
        return until;
    }

    public void record(Handle h, String... subjects) {
        Instant now = clock.instant();
        AttemptLogDao dao = h.attach(AttemptLogDao.class);
        for (String subject : subjects) {
            dao.record(scope, subject, now);
        }
    }
}
