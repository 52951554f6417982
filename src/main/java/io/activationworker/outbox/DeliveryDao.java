package io.activationworker.outbox;

import io.activationworker.db.Jdbc;
import io.activationworker.db.StatementFailed;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/**
 * The worker's statements on {@code outbox_message}: claim a batch under a lease, then settle each
 * row as sent, retried, failed or released. Leases are measured on the database clock.
 * (Queuing a message is {@link OutboxDao}'s: it runs on the caller's Jdbi handle and transaction.)
 *
 * <p>Plain JDBC rather than a Jdbi SqlObject on purpose: under a fast relay the worker claims and
 * acknowledges many times a second, and Jdbi's per-call machinery was 13% of the worker threads'
 * CPU plus most of what the JIT was still compiling after 30,000 messages (bench/NOTES.md §19).
 */
public final class DeliveryDao {

    /**
     * Claims rows whose previous owner's lease ran out, then due rows. SKIP LOCKED lets many
     * workers in many processes claim side by side without waiting. Each kind is read in the order
     * of its own partial index, so a claim touches about {@code limit} rows however long the queue
     * is (one query with OR fetched and sorted every due row).
     */
    private static final String CLAIM = """
            with expired as (
                select id from outbox_message
                where state = 'sending' and lease_until < now()
                order by lease_until
                limit ?
                for update skip locked
            ), queued as (
                select id from outbox_message
                where state = 'queued' and next_attempt_at <= now()
                order by next_attempt_at
                limit ?
                for update skip locked
            ), due as (
                -- read lazily: queued rows past the limit are neither read nor locked
                select id from expired union all select id from queued
                limit ?
            )
            update outbox_message m
               set state = 'sending', lease_owner = ?,
                   lease_until = now() + make_interval(secs => ?)
              from due
             where m.id = due.id
            returning m.id, m.message_id, m.kind, m.recipient_email, m.recipient_name, m.locale,
                      m.payload::text, m.agreement_number, m.attempts, m.created_at
            """;

    /**
     * Acknowledges the sent messages of several owners (worker threads) in one statement and one
     * commit; returns the ids that were still their owner's. Rows another owner has taken over
     * since the claim are left alone by every settling statement.
     */
    private static final String MARK_SENT = """
            update outbox_message m
               set state = 'sent', sent_at = now(), attempts = m.attempts + 1,
                   lease_owner = null, lease_until = null, last_error = null
              from unnest(?::bigint[], ?::text[]) as sent(id, owner)
             where m.id = sent.id and m.lease_owner = sent.owner and m.state = 'sending'
            returning m.id
            """;

    private static final String MARK_RETRY = """
            update outbox_message
               set state = 'queued', attempts = attempts + 1, next_attempt_at = ?,
                   last_error = ?, lease_owner = null, lease_until = null
             where id = ? and lease_owner = ? and state = 'sending'
            """;

    private static final String MARK_FAILED = """
            update outbox_message
               set state = 'failed', attempts = attempts + 1, last_error = ?,
                   lease_owner = null, lease_until = null
             where id = ? and lease_owner = ? and state = 'sending'
            """;

    /** Hands unsent rows back at shutdown so another worker need not wait for the lease. */
    private static final String RELEASE = """
            update outbox_message
               set state = 'queued', lease_owner = null, lease_until = null
             where id = any(?) and lease_owner = ? and state = 'sending'
            """;

    private final DataSource dataSource;

    public DeliveryDao(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Claims up to {@code limit} due rows for {@code owner} for {@code leaseSeconds}. */
    public List<OutboxMessage> claimDue(String owner, int limit, long leaseSeconds) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(CLAIM)) {
            ps.setInt(1, limit);
            ps.setInt(2, limit);
            ps.setInt(3, limit);
            ps.setString(4, owner);
            ps.setLong(5, leaseSeconds);
            List<OutboxMessage> claimed = new ArrayList<>(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    claimed.add(new OutboxMessage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9),
                            Jdbc.instant(rs, 10)));
                }
            }
            return claimed;
        } catch (SQLException e) {
            throw new StatementFailed("claiming outbox messages", e);
        }
    }

    /** Acknowledges {@code ids[i]} sent under {@code owners[i]}; returns the ids still their owner's. */
    public long[] markSent(long[] ids, String[] owners) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(MARK_SENT)) {
            ps.setObject(1, ids);
            ps.setObject(2, owners);
            long[] marked = new long[ids.length];
            int n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    marked[n++] = rs.getLong(1);
                }
            }
            return Arrays.copyOf(marked, n);
        } catch (SQLException e) {
            throw new StatementFailed("acknowledging sent messages", e);
        }
    }

    public int markRetry(long id, String owner, Instant nextAttemptAt, String error) {
        return update("scheduling a retry", MARK_RETRY, ps -> {
            Jdbc.setInstant(ps, 1, nextAttemptAt);
            ps.setString(2, error);
            ps.setLong(3, id);
            ps.setString(4, owner);
        });
    }

    public int markFailed(long id, String owner, String error) {
        return update("marking a message failed", MARK_FAILED, ps -> {
            ps.setString(1, error);
            ps.setLong(2, id);
            ps.setString(3, owner);
        });
    }

    public int release(long[] ids, String owner) {
        return update("releasing unsent messages", RELEASE, ps -> {
            ps.setObject(1, ids);
            ps.setString(2, owner);
        });
    }

    private interface Parameters {
        void set(PreparedStatement ps) throws SQLException;
    }

    private int update(String what, String sql, Parameters parameters) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            parameters.set(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StatementFailed(what, e);
        }
    }
}
