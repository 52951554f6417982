package io.activationworker.ops;

import java.util.Map;
import org.jdbi.v3.sqlobject.config.KeyColumn;
import org.jdbi.v3.sqlobject.config.ValueColumn;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * The counting queries behind {@code status} and the metrics gauges. The SQL is written once, in
 * the constants below: the web's gauges run it through this Jdbi SqlObject, the {@code status}
 * command through {@link StatusQueries} on one plain JDBC connection (no Jdbi to load). A grouped
 * count answers two columns, the key then the count.
 */
public interface StatusDao {

    String PING = "select 1";
    String AGREEMENTS = "select count(*) from agreement";
    String KEYS_BY_STATE = "select state, count(*) as n from product_key group by state";
    String SUBSCRIPTIONS_BY_STATE = """
            select case when end_date < current_date then 'expired' else state end as state, count(*) as n
              from subscription group by 1
            """;
    String OUTBOX_BY_STATE = "select state, count(*) as n from outbox_message group by state";
    String OLDEST_QUEUED_SECONDS = """
            select coalesce(extract(epoch from now() - min(created_at)), 0)::bigint
              from outbox_message where state in ('queued', 'sending')
            """;
    String PENDING_RETRIES =
            "select coalesce(sum(attempts), 0) from outbox_message where state in ('queued', 'sending') and attempts > 0";
    String REDEMPTIONS_BY_ACTION = "select action, count(*) as n from key_redemption group by action";
    String WEBHOOK_EVENTS_BY_STATE = "select state, count(*) as n from webhook_event group by state";
    String UNDELIVERABLE_AGREEMENTS = "select count(*) from agreement where undeliverable_at is not null";

    /** Answers when the database does: the readiness check. */
    @SqlQuery(PING)
    int ping();

    @SqlQuery(AGREEMENTS)
    long agreements();

    @SqlQuery(KEYS_BY_STATE)
    @KeyColumn("state")
    @ValueColumn("n")
    Map<String, Long> keysByState();

    @SqlQuery(SUBSCRIPTIONS_BY_STATE)
    @KeyColumn("state")
    @ValueColumn("n")
    Map<String, Long> subscriptionsByState();

    @SqlQuery(OUTBOX_BY_STATE)
    @KeyColumn("state")
    @ValueColumn("n")
    Map<String, Long> outboxByState();

    @SqlQuery(OLDEST_QUEUED_SECONDS)
    long oldestQueuedSeconds();

    @SqlQuery(PENDING_RETRIES)
    long pendingRetries();

    @SqlQuery(REDEMPTIONS_BY_ACTION)
    @KeyColumn("action")
    @ValueColumn("n")
    Map<String, Long> redemptionsByAction();

    // issue 16
    @SqlQuery(WEBHOOK_EVENTS_BY_STATE)
    @KeyColumn("state")
    @ValueColumn("n")
    Map<String, Long> webhookEventsByState();

    @SqlQuery(UNDELIVERABLE_AGREEMENTS)
    long undeliverableAgreements();
}
