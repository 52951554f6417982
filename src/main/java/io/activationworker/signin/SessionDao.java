package io.activationworker.signin;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Every statement on {@code web_session}: sessions live in PostgreSQL so any instance can serve any request. */
@RegisterConstructorMapper(WebSession.class)
public interface SessionDao {

    @SqlUpdate("""
            insert into web_session (id_hash, admin_email, created_at, last_seen_at, expires_at, notice_link_id)
            values (:idHash, :adminEmail, :now, :now, :expiresAt, :noticeLinkId)
            """)
    void insert(@Bind("idHash") byte[] idHash, @Bind("adminEmail") String adminEmail, @Bind("now") Instant now,
                @Bind("expiresAt") Instant expiresAt, @Bind("noticeLinkId") Long noticeLinkId);

    /**
     * Finds a live session and slides its idle expiry forward in the same statement, never past
     * its absolute end ({@code created_at} + the lifetime): a session started before
     * {@code startedAfter} has lived its lifetime, however active.
     */
    @SqlQuery("""
            update web_session
               set last_seen_at = :now,
                   expires_at = least(:idleExpiresAt, created_at + make_interval(secs => :lifetimeSeconds))
             where id_hash = :idHash and expires_at > :now and created_at > :startedAfter
            returning id_hash, admin_email, expires_at, notice_link_id, pending_redemption::text as pending_redemption
            """)
    Optional<WebSession> touch(@Bind("idHash") byte[] idHash, @Bind("now") Instant now,
                               @Bind("idleExpiresAt") Instant idleExpiresAt, @Bind("startedAfter") Instant startedAfter,
                               @Bind("lifetimeSeconds") long lifetimeSeconds);

    @SqlUpdate("update web_session set notice_link_id = null where id_hash = :idHash")
    void clearNotice(@Bind("idHash") byte[] idHash);

    @SqlUpdate("update web_session set pending_redemption = cast(:pending as jsonb) where id_hash = :idHash")
    void setPendingRedemption(@Bind("idHash") byte[] idHash, @Bind("pending") String pending);

    @SqlUpdate("delete from web_session where id_hash = :idHash")
    void delete(@Bind("idHash") byte[] idHash);

    /** Ends every session of one administrator ("Sign out everywhere"); returns how many. */
    @SqlUpdate("delete from web_session where admin_email = :adminEmail")
    int deleteAllOf(@Bind("adminEmail") String adminEmail);

    @SqlUpdate("delete from web_session where expires_at < :now")
    int deleteExpired(@Bind("now") Instant now);
}
