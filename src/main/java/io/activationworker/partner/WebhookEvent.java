package io.activationworker.partner;

/** One claimed {@code webhook_event} row: the body is sent exactly as stored, on every try. */
public record WebhookEvent(long id, String eventId, String partnerId, String type, String payload, int attempts) {
}
