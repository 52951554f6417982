package io.activationworker.ops;

import io.activationworker.db.StatementFailed;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link StatusDao}'s queries on one plain JDBC connection, for the {@code status} command: a
 * short-lived process that would otherwise spend most of its time loading Jdbi (see
 * {@code Database.jdbi()}). The web's gauges keep using the Jdbi SqlObject.
 */
public final class StatusQueries implements StatusDao {

    private final Connection connection;

    public StatusQueries(Connection connection) {
        this.connection = connection;
    }

    @Override
    public int ping() {
        return (int) one("select 1");
    }

    @Override
    public long agreements() {
        return one("select count(*) from agreement");
    }

    @Override
    public Map<String, Long> keysByState() {
        return byKey("select state, count(*) from product_key group by state");
    }

    @Override
    public Map<String, Long> subscriptionsByState() {
        return byKey("""
                select case when end_date < current_date then 'expired' else state end, count(*)
                  from subscription group by 1
                """);
    }

    @Override
    public Map<String, Long> outboxByState() {
        return byKey("select state, count(*) from outbox_message group by state");
    }

    @Override
    public long oldestQueuedSeconds() {
        return one("""
                select coalesce(extract(epoch from now() - min(created_at)), 0)::bigint
                  from outbox_message where state in ('queued', 'sending')
                """);
    }

    @Override
    public long pendingRetries() {
        return one("select coalesce(sum(attempts), 0) from outbox_message where state in ('queued', 'sending') and attempts > 0");
    }

    @Override
    public Map<String, Long> redemptionsByAction() {
        return byKey("select action, count(*) from key_redemption group by action");
    }

    @Override
    public Map<String, Long> webhookEventsByState() {
        return byKey("select state, count(*) as n from webhook_event group by state");
    }

    @Override
    public long undeliverableAgreements() {
        return one("select count(*) from agreement where undeliverable_at is not null");
    }

    private long one(String sql) {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StatementFailed("counting for status", e);
        }
    }

    private Map<String, Long> byKey(String sql) {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            Map<String, Long> counts = new HashMap<>();
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
            return counts;
        } catch (SQLException e) {
            throw new StatementFailed("counting for status", e);
        }
    }
}
