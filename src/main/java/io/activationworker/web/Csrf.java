package io.activationworker.web;

import io.activationworker.key.KeyHasher;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Cross-site request forgery defence for every form: a token bound to what the form acts on
 * (the link, or the session) and, for the sign-in forms, to the browser's pre-session cookie
 * ({@link PreSession#scope}), plus the browser's own {@code Sec-Fetch-Site} and {@code Origin}.
 * {@code Origin: null} is allowed because Chromium sends it on same-origin posts from pages
 * with {@code Referrer-Policy: no-referrer}; the token still has to match.
 */
public final class Csrf {

    public static final String FIELD = "csrf";

    private final KeyHasher hasher;
    private final String origin;

    public Csrf(KeyHasher hasher, String publicBaseUrl) {
        this.hasher = hasher;
        URI base = URI.create(publicBaseUrl);
        this.origin = base.getScheme() + "://" + base.getRawAuthority();
    }

    public String token(String scope) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hasher.mac("csrf:" + scope));
    }

    /** Throws 403 unless the post comes from our own page for this scope. */
    public void check(WebRequest request, String scope) {
        checkOrigin(request);
        String sent = request.form(FIELD).orElse("");
        if (!MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                token(scope).getBytes(StandardCharsets.UTF_8))) {
            throw new HttpError.Forbidden("missing or wrong form token");
        }
    }

    /**
     * Throws 403 when the browser says the post comes from another site. A post with neither
     * header passes here and must still carry the right form token ({@link #check}).
     */
    public void checkOrigin(WebRequest request) {
        String site = request.header("Sec-Fetch-Site").orElse("");
        if (site.equals("cross-site") || site.equals("same-site")) {
            throw new HttpError.Forbidden("cross-site form post");
        }
        String requestOrigin = request.header("Origin").orElse("null");
        if (!requestOrigin.equals("null") && !requestOrigin.equalsIgnoreCase(origin) && !site.equals("same-origin")) {
            throw new HttpError.Forbidden("form posted from another origin");
        }
    }
}
