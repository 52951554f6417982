package io.activationworker.subscription;

/** A subscription's state, named as {@code subscription.state} stores it. */
public enum SubscriptionState {
    pending,
    active,
    expired
}
