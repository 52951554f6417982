package io.activationworker.outbox;

/**
 * An outbox message's state, named as {@code outbox_message.state} stores it: queued until a
 * worker claims it, sending while leased, then sent or failed for good. Status counts and metrics
 * list the states from here.
 */
public enum OutboxState {
    queued,
    sending,
    sent,
    failed
}
