package io.activationworker.ops;

import io.activationworker.db.StatementFailed;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link StatusDao}'s queries (its SQL constants) on one plain JDBC connection, for the
 * {@code status} command: a short-lived process that would otherwise spend most of its time
 * loading Jdbi (see {@code Database.jdbi()}). The web's gauges keep using the Jdbi SqlObject.
 */
public final class StatusQueries implements StatusDao {

    private final Connection connection;

    public StatusQueries(Connection connection) {
        this.connection = connection;
    }

    @Override
    public int ping() {
        return (int) one(PING);
    }

    @Override
    public long agreements() {
        return one(AGREEMENTS);
    }

    @Override
    public Map<String, Long> keysByState() {
        return byKey(KEYS_BY_STATE);
    }

    @Override
    public Map<String, Long> subscriptionsByState() {
        return byKey(SUBSCRIPTIONS_BY_STATE);
    }

    @Override
    public Map<String, Long> outboxByState() {
        return byKey(OUTBOX_BY_STATE);
    }

    @Override
    public long oldestQueuedSeconds() {
        return one(OLDEST_QUEUED_SECONDS);
    }

    @Override
    public long pendingRetries() {
        return one(PENDING_RETRIES);
    }

    @Override
    public Map<String, Long> redemptionsByAction() {
        return byKey(REDEMPTIONS_BY_ACTION);
    }

    @Override
    public Map<String, Long> webhookEventsByState() {
        return byKey(WEBHOOK_EVENTS_BY_STATE);
    }

    @Override
    public long undeliverableAgreements() {
        return one(UNDELIVERABLE_AGREEMENTS);
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
