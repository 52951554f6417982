package io.activationworker.partner;

/** A webhook event's state, named as {@code webhook_event.state} stores it. Status counts and metrics list the states from here. */
public enum WebhookState {
    queued,
    sending,
    delivered,
    failed
}
