package io.activationworker.db;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * PostgreSQL advisory locks: how instances take turns at work that row locks cannot guard
 * (a whole feed import, the renewal of an agreement's link).
 */
public interface AdvisoryLockDao {

    /** Waits for the session-level lock; hold the handle until {@link #unlock}. */
    @SqlQuery("select 1 from (select pg_advisory_lock(:key)) locked")
    int lock(@Bind("key") long key);

    @SqlQuery("select pg_advisory_unlock(:key)")
    boolean unlock(@Bind("key") long key);

    /** Waits for a lock that the current transaction holds until it ends. */
    @SqlQuery("select 1 from (select pg_advisory_xact_lock(hashtext(:name))) locked")
    int lockForTransaction(@Bind("name") String name);
}
