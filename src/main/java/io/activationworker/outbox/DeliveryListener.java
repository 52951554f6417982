package io.activationworker.outbox;

import java.time.Duration;

/** Hears what happened to each message (metrics hang off this). */
public interface DeliveryListener {

    void sent(OutboxMessage message, Duration took);

    void retried(OutboxMessage message);

    void failed(OutboxMessage message);

    /** The relay answered "slow down" (a throttling reply); the message goes again later, no try counted. */
    default void throttled(OutboxMessage message) {
    }
}
