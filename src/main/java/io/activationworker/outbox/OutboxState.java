package io.activationworker.outbox;

/** The states of an outbox row; names match the database text. */
public enum OutboxState {
    queued, sending, sent, failed
}
