package io.activationworker.web;

import com.sun.net.httpserver.Headers;

/**
 * Headers every response carries. No scripts anywhere, styles only from our own stylesheet,
 * forms only to ourselves, never framed, and no Referer: a page URL may hold an activation token.
 */
final class SecurityHeaders {

    static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'";

    private SecurityHeaders() {
    }

    static void apply(Headers headers, boolean https) {
        headers.putIfAbsent("Content-Security-Policy", java.util.List.of(CSP));
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Cross-Origin-Opener-Policy", "same-origin");
        if (https) {
            headers.set("Strict-Transport-Security", "max-age=31536000");
        }
    }
}
