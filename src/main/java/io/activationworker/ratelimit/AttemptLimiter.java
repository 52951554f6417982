package io.activationworker.ratelimit;

import io.activationworker.db.AdvisoryLockDao;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;

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

    /** Records an attempt for every subject, in the transaction that checked {@link #blockedUntil}. */
    public void record(Handle h, String... subjects) {
        Instant now = clock.instant();
        AttemptLogDao dao = h.attach(AttemptLogDao.class);
        for (String subject : subjects) {
            dao.record(scope, subject, now);
        }
    }
}
