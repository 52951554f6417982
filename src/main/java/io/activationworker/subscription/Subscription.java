package io.activationworker.subscription;

import java.time.LocalDate;

/** One subscription: a tenant's seats of one product until an end date. */
public record Subscription(
        long id,
        String tenantId,
        String customerName,
        String product,
        int seats,
        LocalDate startDate,
        LocalDate endDate,
        SubscriptionState state) {

    /** Expired once the end date has passed, whatever the stored state says. */
    public SubscriptionState effectiveState(LocalDate today) {
        return endDate.isBefore(today) ? SubscriptionState.expired : state;
    }
}
