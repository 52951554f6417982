package io.activationworker.activation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The append-only acceptance record, and what each accepted link did. */
@RegisterConstructorMapper(ActivatedProduct.class)
public interface AcceptanceDao {

    @SqlUpdate("""
            insert into acceptance (link_id, agreement_number, admin_email, terms_version, terms_sha256, accepted_at,
                                    remote_address, user_agent, key_ids)
            values (:linkId, :agreementNumber, :adminEmail, :termsVersion, :termsSha256, :acceptedAt,
                    :remoteAddress, :userAgent, :keyIds)
            """)
    void insert(@Bind("linkId") long linkId, @Bind("agreementNumber") String agreementNumber,
                @Bind("adminEmail") String adminEmail, @Bind("termsVersion") String termsVersion,
                @Bind("termsSha256") String termsSha256, @Bind("acceptedAt") Instant acceptedAt,
                @Bind("remoteAddress") String remoteAddress, @Bind("userAgent") String userAgent,
                @Bind("keyIds") long[] keyIds);

    @SqlQuery("select accepted_at from acceptance where link_id = :linkId")
    Optional<Instant> acceptedAt(@Bind("linkId") long linkId);

    /** What the keys of an accepted link did to the subscriptions. */
    @SqlQuery("""
            select k.product, s.seats as seats_now, r.seats_after, r.end_after, s.start_date, s.end_date
              from activation_link_key lk
              join key_redemption r on r.key_id = lk.key_id
              join subscription s on s.id = r.subscription_id
              join product_key k on k.id = lk.key_id
             where lk.link_id = :linkId
             order by k.product, k.id
            """)
    List<ActivatedProduct> activatedProducts(@Bind("linkId") long linkId);
}
