package io.activationworker.outbox;

import java.time.Instant;
import java.util.List;
import io.activationworker.db.CopyRows;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Every statement on {@code outbox_message}. Leases are measured on the database clock. */
@RegisterConstructorMapper(OutboxMessage.class)
public interface OutboxDao extends SqlObject {

    @SqlUpdate("""
            insert into outbox_message
                (message_id, kind, recipient_email, recipient_name, locale, payload, agreement_number)
            values (:messageId, :kind, :recipientEmail, :recipientName, :locale, cast(:payload as jsonb), :agreementNumber)
            """)
    void insert(@Bind("messageId") String messageId, @Bind("kind") String kind,
                @Bind("recipientEmail") String recipientEmail, @Bind("recipientName") String recipientName,
                @Bind("locale") String locale, @Bind("payload") String payload,
                @Bind("agreementNumber") String agreementNumber);

    /**
     * {@link #insert} for many messages in one COPY, started here and fed by the caller; each row:
     * message_id, kind, recipient_email, recipient_name, locale, payload (JSON text), agreement_number.
     */
    default CopyRows startCopy() {
        return CopyRows.start(getHandle(), """
                copy outbox_message (message_id, kind, recipient_email, recipient_name, locale, payload,
                                     agreement_number)
                from stdin
                """);
    }

    /**
     * Claims rows whose previous owner's lease ran out, then due rows, for {@code owner}.
     * SKIP LOCKED lets many workers in many processes claim side by side without waiting. Each
     * kind is read in the order of its own partial index, so a claim touches about {@code limit}
     * rows however long the queue is (one query with OR fetched and sorted every due row).
     */
    @SqlQuery("""
            with expired as (
                select id from outbox_message
                where state = 'sending' and lease_until < now()
                order by lease_until
                limit :limit
                for update skip locked
            ), queued as (
                select id from outbox_message
                where state = 'queued' and next_attempt_at <= now()
                order by next_attempt_at
                limit :limit
                for update skip locked
            ), due as (
                -- read lazily: queued rows past the limit are neither read nor locked
                select id from expired union all select id from queued
                limit :limit
            )
            update outbox_message m
               set state = 'sending', lease_owner = :owner,
                   lease_until = now() + make_interval(secs => :leaseSeconds)
              from due
             where m.id = due.id
            returning m.id, m.message_id, m.kind, m.recipient_email, m.recipient_name, m.locale,
                      m.payload::text as payload, m.agreement_number, m.attempts, m.created_at
            """)
    List<OutboxMessage> claimDue(@Bind("owner") String owner, @Bind("limit") int limit,
                                 @Bind("leaseSeconds") long leaseSeconds);

    /** Acknowledges a batch; rows another owner has taken over since are left alone. */
    @SqlUpdate("""
            update outbox_message
               set state = 'sent', sent_at = now(), attempts = attempts + 1,
                   lease_owner = null, lease_until = null, last_error = null
             where id = any(:ids) and lease_owner = :owner and state = 'sending'
            """)
    int markSent(@Bind("ids") long[] ids, @Bind("owner") String owner);

    @SqlUpdate("""
            update outbox_message
               set state = 'queued', attempts = attempts + 1, next_attempt_at = :nextAttemptAt,
                   last_error = :error, lease_owner = null, lease_until = null
             where id = :id and lease_owner = :owner and state = 'sending'
            """)
    int markRetry(@Bind("id") long id, @Bind("owner") String owner, @Bind("nextAttemptAt") Instant nextAttemptAt,
                  @Bind("error") String error);

    @SqlUpdate("""
            update outbox_message
               set state = 'failed', attempts = attempts + 1, last_error = :error,
                   lease_owner = null, lease_until = null
             where id = :id and lease_owner = :owner and state = 'sending'
            """)
    int markFailed(@Bind("id") long id, @Bind("owner") String owner, @Bind("error") String error);

    /** Hands unsent rows back at shutdown so another worker need not wait for the lease. */
    @SqlUpdate("""
            update outbox_message
               set state = 'queued', lease_owner = null, lease_until = null
             where id = any(:ids) and lease_owner = :owner and state = 'sending'
            """)
    int release(@Bind("ids") long[] ids, @Bind("owner") String owner);
}
