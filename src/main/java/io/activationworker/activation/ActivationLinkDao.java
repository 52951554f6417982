package io.activationworker.activation;

import io.activationworker.db.CopyRows;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Every statement on {@code activation_link} and {@code activation_link_key}. */
@RegisterConstructorMapper(ActivationLink.class)
public interface ActivationLinkDao extends SqlObject {

    /** {@code count} new link ids, taken from the sequence, for rows written with {@link #startCopy}. */
    @SqlQuery("select nextval('activation_link_id_seq') from generate_series(1, :count)")
    List<Long> reserveIds(@Bind("count") int count);

    /**
     * Links in one COPY, started here and fed by the caller; each row: id (from {@link #reserveIds}),
     * token_hash, token_sealed, agreement_number, recipient_email, recipient_name, created_at, expires_at.
     */
    default CopyRows startCopy() {
        return CopyRows.start(getHandle(), """
                copy activation_link (id, token_hash, token_sealed, agreement_number, recipient_email, recipient_name,
                                      created_at, expires_at)
                from stdin
                """);
    }

    /** (link, key) pairs in one COPY, started here and fed by the caller; each row: link_id, key_id. */
    default CopyRows startCopyOfKeys() {
        return CopyRows.start(getHandle(), "copy activation_link_key (link_id, key_id) from stdin");
    }

    @SqlQuery("select key_id from activation_link_key where link_id = :linkId order by key_id")
    List<Long> keyIds(@Bind("linkId") long linkId);

    /** Revokes the agreement's open links and erases their sealed token copies. */
    @SqlUpdate("""
            update activation_link set revoked_at = :now, token_sealed = null
             where agreement_number = :agreementNumber and used_at is null and revoked_at is null
            """)
    int revokeUnused(@Bind("agreementNumber") String agreementNumber, @Bind("now") Instant now);

    /** {@link #revokeUnused} for several agreements at once; returns the agreement of each revoked link. */
    @SqlQuery("""
            update activation_link set revoked_at = :now, token_sealed = null
             where agreement_number = any(:agreementNumbers) and used_at is null and revoked_at is null
            returning agreement_number
            """)
    List<String> revokeUnusedOfAgreements(@Bind("agreementNumbers") String[] agreementNumbers, @Bind("now") Instant now);

    @SqlQuery("""
            select id, agreement_number, recipient_email, recipient_name, created_at, expires_at, used_at, revoked_at
              from activation_link
             where used_at is null and revoked_at is null and reminder_queued_at is null
               and created_at <= :sentBefore and expires_at > :now and token_sealed is not null
             order by created_at
             limit :limit
             for update skip locked
            """)
    List<ActivationLink> lockRemindersDue(@Bind("sentBefore") Instant sentBefore, @Bind("now") Instant now,
                                          @Bind("limit") int limit);

    @SqlQuery("select token_sealed from activation_link where id = :id")
    String sealedToken(@Bind("id") long id);

    /**
     * Erases the sealed token copies of links that expired unused: the reminder no longer needs
     * them (used and revoked links lose theirs in the statement that uses or revokes them).
     */
    @SqlUpdate("""
            update activation_link set token_sealed = null
             where token_sealed is not null and expires_at <= :now
            """)
    int eraseExpiredSealedTokens(@Bind("now") Instant now);

    @SqlUpdate("update activation_link set reminder_queued_at = :now where id = :id")
    void markReminderQueued(@Bind("id") long id, @Bind("now") Instant now);
}
