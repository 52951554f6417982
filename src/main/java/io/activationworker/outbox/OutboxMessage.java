package io.activationworker.outbox;

import java.time.Instant;

/** One outbox row as the worker sees it after claiming it. */
public record OutboxMessage(
        long id,
        String messageId,
        String kind,
        String recipientEmail,
        String recipientName,
        String locale,
        String payload,
        String agreementNumber,
        int attempts,
        Instant createdAt) {
}
