package io.activationworker.sendrate;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The one statement on {@code send_rate}: the token bucket shared by every worker process. */
interface SendRateDao {

    /**
     * Takes a token for one message and returns how many seconds its sender must wait before
     * sending it. The bucket refills at {@code perSecond} and holds at most one token, so no burst
     * goes past the rate. The token is always taken: when none is left the count goes negative,
     * which reserves the next free slot; concurrent callers queue on the row lock and each gets
     * its own slot, one {@code 1/perSecond} after the other, in one round trip and without polling.
     * {@code clock_timestamp()} is read after the row lock is granted (the database clock, shared
     * by every process).
     */
    @SqlQuery("""
            update send_rate
               set tokens = least(1.0, tokens + :perSecond
                                  * extract(epoch from clock_timestamp() - refilled_at)::float8) - 1.0,
                   refilled_at = clock_timestamp()
             where id
            returning greatest(0.0, -tokens) / :perSecond
            """)
    double reserve(@Bind("perSecond") double perSecond);
}
