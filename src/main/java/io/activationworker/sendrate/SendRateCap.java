package io.activationworker.sendrate;

import java.time.Duration;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code smtp.max-per-second}: before each message the sender waits for its slot under the cap.
 * The slots come from one row in PostgreSQL ({@link SendRateDao}), so two worker processes with a
 * cap of 50 hand the relay 50 messages a second between them, not 100. A cap of 0 costs nothing.
 */
public final class SendRateCap {

    private final SendRateDao dao;
    private final double perSecond;

    private SendRateCap(SendRateDao dao, double perSecond) {
        this.dao = dao;
        this.perSecond = perSecond;
    }

    /** The cap for {@code perSecond} messages a second; 0 means none. */
    public static SendRateCap of(Jdbi jdbi, int perSecond) {
        return new SendRateCap(perSecond > 0 ? jdbi.onDemand(SendRateDao.class) : null, perSecond);
    }

    public static SendRateCap none() {
        return new SendRateCap(null, 0);
    }

    public boolean capped() {
        return perSecond > 0;
    }

    /** Messages a second, or {@code Double.POSITIVE_INFINITY} without a cap. */
    public double perSecond() {
        return capped() ? perSecond : Double.POSITIVE_INFINITY;
    }

    /**
     * Takes the next slot under the cap and returns how long to wait before sending (zero without
     * a cap, and no statement then).
     */
    public Duration reserve() {
        if (!capped()) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) (dao.reserve(perSecond) * 1e9));
    }

    @Override
    public String toString() {
        return capped() ? perSecond + "/s" : "none";
    }
}
