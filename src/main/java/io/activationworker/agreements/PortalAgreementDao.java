package io.activationworker.agreements;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The reads behind Agreements, each limited to agreements that name the administrator; and the kept terms texts. */
@RegisterConstructorMapper(PortalAgreementDao.PendingKey.class)
@RegisterConstructorMapper(PortalAgreementDao.Accepted.class)
@RegisterConstructorMapper(PortalAgreementDao.KeptTerms.class)
public interface PortalAgreementDao {

    /** An unused key of the agreement, and its open link if it has one (the token's hash accepts it). */
    record PendingKey(String agreementNumber, String product, int seats, int termMonths, Long linkId,
                      byte[] tokenHash, Instant expiresAt) {
    }

    /** An acceptance record of the agreement and the products its keys were for. */
    record Accepted(long id, String agreementNumber, String adminEmail, String termsVersion, String termsSha256,
                    Instant acceptedAt, String products) {
    }

    record KeptTerms(String version, String locale, String text) {
    }

    @SqlQuery("""
            select k.agreement_number, k.product, k.seats, k.term_months, l.id as link_id, l.token_hash, l.expires_at
              from agreement a
              join product_key k on k.agreement_number = a.number and k.state = 'unused'
              left join lateral (
                  select l.id, l.token_hash, l.expires_at
                    from activation_link_key lk
                    join activation_link l on l.id = lk.link_id
                   where lk.key_id = k.id and l.used_at is null and l.revoked_at is null and l.expires_at > :now
                   order by l.id desc limit 1) l on true
             where lower(a.admin_email) = lower(:email)
             order by k.agreement_number, k.id
            """)
    List<PendingKey> pendingKeys(@Bind("email") String email, @Bind("now") Instant now);

    @SqlQuery("""
            select c.id, c.agreement_number, c.admin_email, c.terms_version, c.terms_sha256, c.accepted_at,
                   (select string_agg(k.product || ' (' || k.seats || ')', ', ' order by k.id)
                      from product_key k where k.id = any(c.key_ids)) as products
              from agreement a
              join acceptance c on c.agreement_number = a.number
             where lower(a.admin_email) = lower(:email)
             order by c.agreement_number, c.accepted_at desc
            """)
    List<Accepted> acceptances(@Bind("email") String email);

    @SqlUpdate("""
            insert into terms_text (sha256, version, locale, text) values (:sha256, :version, :locale, :text)
            on conflict (sha256) do nothing
            """)
    void keepTerms(@Bind("sha256") String sha256, @Bind("version") String version, @Bind("locale") String locale,
                   @Bind("text") String text);

    @SqlQuery("select version, locale, text from terms_text where sha256 = :sha256")
    Optional<KeptTerms> keptTerms(@Bind("sha256") String sha256);
}
