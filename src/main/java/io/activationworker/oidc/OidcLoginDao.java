package io.activationworker.oidc;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Every statement on {@code oidc_login}: sign-ins started at the provider, each usable once by any instance. */
@RegisterConstructorMapper(OidcLoginDao.Pending.class)
public interface OidcLoginDao {

    record Pending(String nonce, String verifierSealed, String nextSealed) {
    }

    @SqlUpdate("""
            insert into oidc_login (state_hash, nonce, verifier_sealed, next_sealed, created_at, expires_at)
            values (:stateHash, :nonce, :verifierSealed, :nextSealed, :now, :expiresAt)
            """)
    void insert(@Bind("stateHash") byte[] stateHash, @Bind("nonce") String nonce,
                @Bind("verifierSealed") String verifierSealed, @Bind("nextSealed") String nextSealed,
                @Bind("now") Instant now, @Bind("expiresAt") Instant expiresAt);

    /** Uses the sign-in, once: empty when the state is unknown, used already or too old. */
    @SqlQuery("""
            update oidc_login set used_at = :now
             where state_hash = :stateHash and used_at is null and expires_at > :now
            returning nonce, verifier_sealed, next_sealed
            """)
    Optional<Pending> use(@Bind("stateHash") byte[] stateHash, @Bind("now") Instant now);

    @SqlUpdate("delete from oidc_login where expires_at < :before")
    int deleteExpired(@Bind("before") Instant before);
}
