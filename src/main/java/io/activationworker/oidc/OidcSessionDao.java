package io.activationworker.oidc;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Every statement on {@code oidc_session}: the work account a session was started with. */
interface OidcSessionDao {

    @SqlUpdate("""
            insert into oidc_session (session_id_hash, subject, email, signed_in_at)
            values (:sessionIdHash, :subject, :email, :now)
            """)
    void insert(@Bind("sessionIdHash") byte[] sessionIdHash, @Bind("subject") String subject,
                @Bind("email") String email, @Bind("now") Instant now);

    @SqlQuery("select email from oidc_session where session_id_hash = :sessionIdHash")
    Optional<String> emailOf(@Bind("sessionIdHash") byte[] sessionIdHash);
}
