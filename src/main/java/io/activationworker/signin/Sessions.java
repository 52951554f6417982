package io.activationworker.signin;

import io.activationworker.key.Tokens;
import io.activationworker.web.WebRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, finds and ends sessions. The cookie is HttpOnly and SameSite=Lax (Secure on https);
 * its value is a random token whose SHA-256 is the row key, so a database dump opens no session.
 * A session ends after {@code idle} without a request, and at the latest {@code lifetime} after it
 * started, however active; signing out deletes its row, so the old cookie opens nothing.
 */
public final class Sessions {

    public static final String COOKIE = "aw_session";
    private static final Logger log = LoggerFactory.getLogger(Sessions.class);

    private final Jdbi jdbi;
    private final Tokens tokens;
    private final Clock clock;
    private final Duration idle;
    private final Duration lifetime;
    private final boolean secure;

    public Sessions(Jdbi jdbi, Tokens tokens, Clock clock, Duration idle, Duration lifetime, boolean secure) {
        this.jdbi = jdbi;
        this.tokens = tokens;
        this.clock = clock;
        this.idle = idle;
        this.lifetime = lifetime;
        this.secure = secure;
    }

    /**
     * A session not stored yet, for a use case that stores it in its own transaction (an accept
     * starts the session in the same commit as the activation). {@code adminEmail} is lower case.
     */
    public record NewSession(String token, byte[] idHash, String adminEmail, Instant createdAt, Instant expiresAt) {

        /** Without the token: a record's own toString would print it wherever the session ends up in a log line. */
        @Override
        public String toString() {
            return "NewSession[adminEmail=" + adminEmail + ", createdAt=" + createdAt + ", expiresAt=" + expiresAt + "]";
        }
    }

    public NewSession prepare(String adminEmail) {
        String token = tokens.newToken();
        Instant now = clock.instant();
        return new NewSession(token, Tokens.hashOf(token).orElseThrow(), adminEmail.toLowerCase(Locale.ROOT), now,
                now.plus(idle.compareTo(lifetime) < 0 ? idle : lifetime));
    }

    /** Starts a session in a transaction of its own; {@link #cookie} gives its Set-Cookie header value. */
    public NewSession start(String adminEmail, Long noticeLinkId) {
        return jdbi.inTransaction(h -> {
            NewSession s = prepare(adminEmail);
            store(h, s, noticeLinkId);
            return s;
        });
    }

    /**
     * Stores a prepared session on the caller's transaction: the one write path of
     * {@code web_session} rows, for a use case that starts a session with its own change (an
     * accept, a used sign-in link, a work-account sign-in).
     */
    public void store(Handle h, NewSession session, Long noticeLinkId) {
        h.attach(SessionDao.class).insert(session.idHash(), session.adminEmail(), session.createdAt(),
                session.expiresAt(), noticeLinkId);
    }

    /** The Set-Cookie header value for a session that has been stored. */
    public String cookie(NewSession session) {
        return COOKIE + "=" + session.token() + "; Path=/; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    public Optional<WebSession> current(WebRequest request) {
        Optional<byte[]> hash = request.cookie(COOKIE).flatMap(Tokens::hashOf);
        if (hash.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return jdbi.withExtension(SessionDao.class, dao -> dao.touch(hash.get(), now, now.plus(idle),
                now.minus(lifetime), lifetime.toSeconds()));
    }

    /** Ends the session and returns the Set-Cookie header value that clears the cookie. */
    public String end(WebRequest request) {
        request.cookie(COOKIE).flatMap(Tokens::hashOf)
                .ifPresent(hash -> jdbi.useExtension(SessionDao.class, dao -> dao.delete(hash)));
        return clearedCookie();
    }

    private String clearedCookie() {
        return COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    /**
     * Ends every session of this session's administrator, on every device and instance, and
     * returns the Set-Cookie header value that clears this browser's cookie.
     */
    public String endEverywhere(WebSession session) {
        int ended = jdbi.withExtension(SessionDao.class, dao -> dao.deleteAllOf(session.adminEmail()));
        log.info("event=signed_out_everywhere sessions_ended={}", ended);
        return clearedCookie();
    }
}
