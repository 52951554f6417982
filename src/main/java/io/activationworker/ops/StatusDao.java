package io.activationworker.ops;

import java.util.Map;
import org.jdbi.v3.sqlobject.config.KeyColumn;
import org.jdbi.v3.sqlobject.config.ValueColumn;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The counting queries behind {@code status} and the metrics gauges. */
public interface StatusDao {

    /** Answers when the database does: the readiness check. */
    @SqlQuery("select 1")
    int ping();

    @SqlQuery("select count(*) from agreement")
    long agreements();

    @SqlQuery("select state, count(*) as n from product_key group by state")
    @KeyColumn("state")
    @ValueColumn("n")
    Map<String, Long> keysByState();

    @SqlQuery("""
            select case when end_date < current_date then 'expired' else state end as state, count(*) as n
              from subscription group by 1
            """)
    @KeyColumn("state")
    @ValueColumn("n")
    Map<String, Long> subscriptionsByState();

    @SqlQuery("select state, count(*) as n from outbox_message group by state")
    @KeyColumn("state")
    @ValueColumn("n")
    Map<String, Long> outboxByState();

    @SqlQuery("""
            select coalesce(extract(epoch from now() - min(created_at)), 0)::bigint
              from outbox_message where state in ('queued', 'sending')
            """)
    long oldestQueuedSeconds();

    @SqlQuery("select coalesce(sum(attempts), 0) from outbox_message where state in ('queued', 'sending') and attempts > 0")
    long pendingRetries();

    @SqlQuery("select action, count(*) as n from key_redemption group by action")
    @KeyColumn("action")
    @ValueColumn("n")
    Map<String, Long> redemptionsByAction();

    // issue 16
    @SqlQuery("select state, count(*) as n from webhook_event group by state")
    @KeyColumn("state")
    @ValueColumn("n")
    Map<String, Long> webhookEventsByState();

    @SqlQuery("select count(*) from agreement where undeliverable_at is not null")
    long undeliverableAgreements();
}
