package io.activationworker.partner;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The webhook worker's statements on {@code webhook_event}: claim under a lease (rows whose lease
 * ran out first, then due rows, each through its partial index), then settle, every settle
 * guarded by the lease owner. Times come from the application clock, so tests move it.
 */
@RegisterConstructorMapper(WebhookEvent.class)
interface WebhookDao {

    @SqlQuery("""
            with expired as (
                select id from webhook_event
                 where state = 'sending' and lease_until < :now
                 order by lease_until limit :limit
                   for update skip locked
            ), queued as (
                select id from webhook_event
                 where state = 'queued' and next_attempt_at <= :now
                 order by next_attempt_at limit :limit
                   for update skip locked
            ), due as (
                select id from expired union all select id from queued limit :limit
            )
            update webhook_event e
               set state = 'sending', lease_owner = :owner, lease_until = :leaseUntil
              from due
             where e.id = due.id
            returning e.id, e.event_id, e.partner_id, e.type, e.payload::text as payload, e.attempts
            """)
    List<WebhookEvent> claimDue(@Bind("owner") String owner, @Bind("limit") int limit, @Bind("now") Instant now,
                                @Bind("leaseUntil") Instant leaseUntil);

    @SqlUpdate("""
            update webhook_event
               set state = 'delivered', delivered_at = :now, attempts = attempts + 1, last_error = null,
                   lease_owner = null, lease_until = null
             where id = :id and lease_owner = :owner and state = 'sending'
            """)
    int markDelivered(@Bind("id") long id, @Bind("owner") String owner, @Bind("now") Instant now);

    @SqlUpdate("""
            update webhook_event
               set state = 'queued', attempts = attempts + 1, next_attempt_at = :next, last_error = :error,
                   lease_owner = null, lease_until = null
             where id = :id and lease_owner = :owner and state = 'sending'
            """)
    int markRetry(@Bind("id") long id, @Bind("owner") String owner, @Bind("next") Instant next,
                  @Bind("error") String error);

    @SqlUpdate("""
            update webhook_event
               set state = 'failed', attempts = attempts + 1, last_error = :error,
                   lease_owner = null, lease_until = null
             where id = :id and lease_owner = :owner and state = 'sending'
            """)
    int markFailed(@Bind("id") long id, @Bind("owner") String owner, @Bind("error") String error);
}
