package io.activationworker.web;

import org.eclipse.jetty.http.HttpFields;

/**
 * Headers every response carries, Jetty's own error answers included. No scripts anywhere, styles
 * only from our own stylesheet, forms only to ourselves, never framed, and no Referer: a page URL
 * may hold an activation token.
 */
final class SecurityHeaders {

    static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'";

    private SecurityHeaders() {
    }

    static void apply(HttpFields.Mutable headers, boolean https) {
        if (!headers.contains("Content-Security-Policy")) {
            headers.put("Content-Security-Policy", CSP);
        }
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Cross-Origin-Opener-Policy", "same-origin");
        if (https) {
            headers.put("Strict-Transport-Security", "max-age=31536000");
        }
    }
}
