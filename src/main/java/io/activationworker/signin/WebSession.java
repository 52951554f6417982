package io.activationworker.signin;

import java.time.Instant;

/** A signed-in administrator's session (the cookie holds the token; the row holds its hash). */
public record WebSession(byte[] idHash, String adminEmail, Instant expiresAt, Long noticeLinkId,
                         String pendingRedemption) {
}
