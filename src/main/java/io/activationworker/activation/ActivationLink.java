package io.activationworker.activation;

import java.time.Instant;

/** A stored activation link (its token exists only in the email). */
public record ActivationLink(
        long id,
        String agreementNumber,
        String recipientEmail,
        String recipientName,
        Instant createdAt,
        Instant expiresAt,
        Instant usedAt,
        Instant revokedAt) {

    public enum Status { OPEN, USED, REVOKED, EXPIRED }

    public Status status(Instant now) {
        if (usedAt != null) {
            return Status.USED;
        }
        if (revokedAt != null) {
            return Status.REVOKED;
        }
        return now.isBefore(expiresAt) ? Status.OPEN : Status.EXPIRED;
    }
}
