package io.activationworker.signin;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Every statement on {@code signin_link}: one-time links, stored as token hashes. */
public interface SigninLinkDao {

    @SqlUpdate("""
            insert into signin_link (token_hash, admin_email, created_at, expires_at)
            values (:tokenHash, :adminEmail, :now, :expiresAt)
            """)
    void insert(@Bind("tokenHash") byte[] tokenHash, @Bind("adminEmail") String adminEmail, @Bind("now") Instant now,
                @Bind("expiresAt") Instant expiresAt);

    /** True when the link exists, is unused and not expired (the GET page shows the button then). */
    @SqlQuery("select count(*) > 0 from signin_link where token_hash = :tokenHash and used_at is null and expires_at > :now")
    boolean usable(@Bind("tokenHash") byte[] tokenHash, @Bind("now") Instant now);

    /** Uses the link, once: empty when unknown, used or expired. */
    @SqlQuery("""
            update signin_link set used_at = :now
             where token_hash = :tokenHash and used_at is null and expires_at > :now
            returning admin_email
            """)
    Optional<String> use(@Bind("tokenHash") byte[] tokenHash, @Bind("now") Instant now);
}
