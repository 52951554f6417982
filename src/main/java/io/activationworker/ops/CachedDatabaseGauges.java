package io.activationworker.ops;

import java.time.Duration;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** The database side of the gauges, cached so many scrapes cost one round of queries. */
final class CachedDatabaseGauges implements AppMetrics.DatabaseGauges {

    private static final long MAX_AGE = Duration.ofSeconds(5).toNanos();

    private final Jdbi jdbi;
    private StatusCounts counts;
    private Map<String, Long> redemptions = Map.of();
    private long readAt;

    CachedDatabaseGauges(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public synchronized StatusCounts snapshot() {
        refresh();
        return counts;
    }

    @Override
    public synchronized Map<String, Long> redemptions() {
        refresh();
        return redemptions;
    }

    private void refresh() {
        if (counts != null && System.nanoTime() - readAt < MAX_AGE) {
            return;
        }
        try {
            jdbi.useExtension(StatusDao.class, dao -> {
                counts = StatusCounts.read(dao);
                redemptions = dao.redemptionsByAction();
            });
            readAt = System.nanoTime();
        } catch (RuntimeException e) {
            // Database down: keep the last figures rather than failing the whole scrape.
            if (counts == null) {
                counts = StatusCounts.none();
            }
        }
    }
}
