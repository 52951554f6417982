package io.activationworker.web;

import io.activationworker.key.Tokens;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A short-lived random cookie that tells one browser from another before anyone has signed in.
 * Form tokens of the sign-in forms are bound to it, so a token copied from one browser is worth
 * nothing in another, and an accept remembers it, so only the browser that accepted gets a
 * session from a second press. Nothing is stored for it: it is only ever compared.
 */
public final class PreSession {

    public static final String COOKIE = "aw_pre";
    /** Long enough to read the terms or fetch a mail, short enough to be no lasting identifier. */
    public static final Duration LIFETIME = Duration.ofHours(1);

    private final Tokens tokens;
    private final boolean secure;

    public PreSession(Tokens tokens, boolean secure) {
        this.tokens = tokens;
        this.secure = secure;
    }

    /** The browser's pre-session id, when it sent a well-formed one. */
    public Optional<String> of(WebRequest request) {
        return request.cookie(COOKIE).filter(id -> Tokens.hashOf(id).isPresent());
    }

    /** The browser's pre-session id, or a new one (to be sent with {@link #cookie}). */
    public String ofOrNew(WebRequest request) {
        return of(request).orElseGet(tokens::newToken);
    }

    /** SHA-256 of the browser's pre-session id, the form in which it is kept or compared. */
    public Optional<byte[]> hash(WebRequest request) {
        return of(request).flatMap(Tokens::hashOf);
    }

    /** A form-token scope that only this browser can post: {@code scope} bound to its pre-session. */
    public static String scope(String scope, String preSessionId) {
        return scope + ":client:" + HexFormat.of().formatHex(Tokens.hashOf(preSessionId).orElseThrow());
    }

    /** The Set-Cookie value that (re)starts the pre-session {@code id} for {@link #LIFETIME}. */
    public String cookie(String id) {
        return COOKIE + "=" + id + "; Path=/; Max-Age=" + LIFETIME.toSeconds() + "; HttpOnly; SameSite=Lax"
                + (secure ? "; Secure" : "");
    }
}
