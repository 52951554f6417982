package io.activationworker.partner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.activationworker.db.Jdbc;
import io.activationworker.db.StatementFailed;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Queues a partner event as a {@code webhook_event} row on the caller's connection, so it commits
 * or rolls back with the change it reports (the outbox pattern, as for mail). A partner without a
 * webhook, or whose webhook answered 410 Gone, gets no row: the insert selects the partner first.
 * The event id ({@code webhook-id}) is fixed here and sent unchanged on every retry.
 */
public final class WebhookEvents {

    public static final String AGREEMENT_ACTIVATED = "agreement.activated";
    public static final String KEY_REDEEMED = "key.redeemed";
    public static final String ACTIVATION_MAIL_FAILED = "activation_mail.failed";
    public static final String FEED_REJECTED = "feed.rejected";

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String QUEUE = """
            insert into webhook_event (event_id, partner_id, type, payload, next_attempt_at)
            select ?, p.id, ?, cast(? as jsonb), ?
              from partner p
             where p.id = ? and p.webhook_url is not null and p.webhook_disabled_at is null
            """;

    private WebhookEvents() {
    }

    /** Queues on a Jdbi handle's transaction; true when the partner has a webhook and the row was written. */
    public static boolean queue(Handle h, String partnerId, String type, Instant at, Map<String, ?> data) {
        return queue(h.getConnection(), partnerId, type, at, data);
    }

    private static boolean queue(Connection c, String partnerId, String type, Instant at, Map<String, ?> data) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", type);
        payload.put("timestamp", at.toString());
        payload.put("data", data);
        try (PreparedStatement ps = c.prepareStatement(QUEUE)) {
            ps.setString(1, "msg_" + UUID.randomUUID().toString().replace("-", ""));
            ps.setString(2, type);
            ps.setString(3, JSON.writeValueAsString(payload));
            Jdbc.setInstant(ps, 4, at);
            ps.setString(5, partnerId);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StatementFailed("queuing a " + type + " event", e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a " + type + " event could not be written as JSON", e);
        }
    }
}
