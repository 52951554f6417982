package io.activationworker.ratelimit;

import io.activationworker.db.AdvisoryLockDao;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * A sliding-window limit on attempts ("10 wrong keys per 15 minutes"), kept in PostgreSQL so it
 * holds across every instance. {@link #blockedUntil} tells when the next attempt is allowed.
 *
 * <p>Exact under concurrency: {@link #blockedUntil} first takes a transaction-scoped advisory lock
 * per subject, so the check, the attempt and its {@link #record} form one step when they run in
 * one transaction (which is required). A parallel attempt for the same subject waits for that
 * transaction to end, then counts its record; sixty parallel wrong keys check exactly ten.
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
        if (!h.isInTransaction()) {
            throw new IllegalStateException("the " + scope + " limit must be checked and recorded in one transaction");
        }
        AttemptLogDao dao = h.attach(AttemptLogDao.class);
        // Attempts only ever add up within the window: a limit already reached needs no lock.
        Optional<Instant> reached = until(dao, subjects);
        if (reached.isPresent()) {
            return reached;
        }
        AdvisoryLockDao locks = h.attach(AdvisoryLockDao.class);
        // Always in the same order, so two attempts sharing two subjects cannot deadlock.
        for (String subject : new TreeSet<>(List.of(subjects))) {
            locks.lockForTransaction("attempt:" + scope + ":" + subject);
        }
        // Counted again by a statement started after the lock: it sees every attempt recorded before.
        return until(dao, subjects);
    }

    private Optional<Instant> until(AttemptLogDao dao, String... subjects) {
        Instant now = clock.instant();
        Instant since = now.minus(window);
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

    /** Records an attempt for every subject; returns the records, for {@link #forget}. */
    public long[] record(Handle h, String... subjects) {
        Instant now = clock.instant();
        AttemptLogDao dao = h.attach(AttemptLogDao.class);
        long[] ids = new long[subjects.length];
        for (int i = 0; i < subjects.length; i++) {
            ids[i] = dao.record(scope, subjects[i], now);
        }
        return ids;
    }

    /**
     * Checks the limit and, when it allows, records the attempt at once, in one short transaction
     * under the lock: the attempt's own work (a key check) runs after it, outside the lock, and an
     * attempt that turns out not to count gives its record back with {@link #forget}. Empty when
     * the limit is reached; else the records.
     */
    public Optional<long[]> reserve(Jdbi jdbi, String... subjects) {
        return jdbi.inTransaction(h -> blockedUntil(h, subjects).isPresent()
                ? Optional.<long[]>empty() : Optional.of(record(h, subjects)));
    }

    /** When the limit reached by {@link #reserve} lifts (another attempt is allowed). */
    public Optional<Instant> blockedUntil(Jdbi jdbi, String... subjects) {
        return jdbi.inTransaction(h -> until(h.attach(AttemptLogDao.class), subjects));
    }

    /** Gives back reserved records of an attempt that does not count (a right key). */
    public void forget(Jdbi jdbi, long[] records) {
        jdbi.useHandle(h -> h.attach(AttemptLogDao.class).deleteByIds(records));
    }

}
