package io.activationworker.signin;

import io.activationworker.key.Tokens;
import io.activationworker.web.WebRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Starts, finds and ends sessions. The cookie is HttpOnly and SameSite=Lax (Secure on https);
 * its value is a random token whose SHA-256 is the row key, so a database dump opens no session.
 */
public final class Sessions {

    public static final String COOKIE = "aw_session";

    private final Jdbi jdbi;
    private final Tokens tokens;
    private final Clock clock;
    private final Duration idle;
    private final boolean secure;

    public Sessions(Jdbi jdbi, Tokens tokens, Clock clock, Duration idle, boolean secure) {
        this.jdbi = jdbi;
        this.tokens = tokens;
        this.clock = clock;
        this.idle = idle;
        this.secure = secure;
    }

    /** Starts a session and returns the Set-Cookie header value. */
    public String start(String adminEmail, Long noticeLinkId) {
        String token = tokens.newToken();
        Instant now = clock.instant();
        jdbi.useExtension(SessionDao.class, dao -> dao.insert(Tokens.hashOf(token).orElseThrow(), adminEmail.toLowerCase(java.util.Locale.ROOT),
                now, now.plus(idle), noticeLinkId));
        return COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    public Optional<WebSession> current(WebRequest request) {
        Optional<byte[]> hash = request.cookie(COOKIE).flatMap(Tokens::hashOf);
        if (hash.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return jdbi.withExtension(SessionDao.class, dao -> dao.touch(hash.get(), now, now.plus(idle)));
    }

    /** Ends the session and returns the Set-Cookie header value that clears the cookie. */
    public String end(WebRequest request) {
        request.cookie(COOKIE).flatMap(Tokens::hashOf)
                .ifPresent(hash -> jdbi.useExtension(SessionDao.class, dao -> dao.delete(hash)));
        return COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    public void clearNotice(WebSession session) {
        jdbi.useExtension(SessionDao.class, dao -> dao.clearNotice(session.idHash()));
    }

    public void setPendingRedemption(WebSession session, String pendingJson) {
        jdbi.useExtension(SessionDao.class, dao -> dao.setPendingRedemption(session.idHash(), pendingJson));
    }
}
