package io.activationworker.partner;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Statements on {@code partner} and {@code partner_token} for tokens, secrets and the webhook's state. */
@RegisterConstructorMapper(Partner.class)
public interface PartnerDao {

    @SqlQuery("""
            select id, name, contact, webhook_url, locale, webhook_secret, webhook_previous_secret,
                   webhook_previous_until, webhook_disabled_at, webhook_disabled_reason
              from partner
             where id = :id
            """)
    Optional<Partner> findById(@Bind("id") String id);

    /** A partner known only by its API token so far: its first feed gives it its name. */
    @SqlUpdate("insert into partner (id, name) values (:id, :id) on conflict (id) do nothing")
    int insertIfMissing(@Bind("id") String id);

    @SqlUpdate("insert into partner_token (partner_id, token_hash, created_at) values (:partnerId, :hash, :now)")
    void insertToken(@Bind("partnerId") String partnerId, @Bind("hash") byte[] hash, @Bind("now") Instant now);

    @SqlUpdate("update partner_token set revoked_at = :now where partner_id = :partnerId and revoked_at is null")
    int revokeTokens(@Bind("partnerId") String partnerId, @Bind("now") Instant now);

    @SqlQuery("select partner_id from partner_token where token_hash = :hash and revoked_at is null")
    Optional<String> partnerOfToken(@Bind("hash") byte[] hash);

    /** Sets the first secret; 0 rows when another process set one first (theirs wins). */
    @SqlUpdate("update partner set webhook_secret = :sealed where id = :id and webhook_secret is null")
    int setSecretIfMissing(@Bind("id") String id, @Bind("sealed") String sealed);

    /** The current secret becomes the previous one, still signing until {@code previousUntil}. */
    @SqlUpdate("""
            update partner
               set webhook_previous_secret = webhook_secret, webhook_previous_until = :previousUntil,
                   webhook_secret = :sealed
             where id = :id
            """)
    int rotateSecret(@Bind("id") String id, @Bind("sealed") String sealed, @Bind("previousUntil") Instant previousUntil);

    /** After a 410 Gone; a feed naming another URL enables the webhook again. */
    @SqlUpdate("""
            update partner set webhook_disabled_at = :now, webhook_disabled_reason = :reason
             where id = :id and webhook_url = :url and webhook_disabled_at is null
            """)
    int disableWebhook(@Bind("id") String id, @Bind("url") String url, @Bind("now") Instant now,
                       @Bind("reason") String reason);
}
