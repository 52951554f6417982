package io.activationworker.redemption;

import io.activationworker.key.StoredKey;
import io.activationworker.subscription.Subscription;
import io.activationworker.subscription.SubscriptionRules;
import io.activationworker.subscription.SubscriptionState;
import java.time.LocalDate;
import java.util.List;

/** What an order would do: the seats and end date before and after all its keys. */
final class OrderPreview {

    private OrderPreview() {
    }

    static SubscriptionRules.Change of(Subscription s, RedeemAction action, List<StoredKey> keys, LocalDate today) {
        Subscription current = s;
        for (StoredKey k : keys) {
            SubscriptionRules.Change c = action == RedeemAction.extend
                    ? SubscriptionRules.extend(current, k.termMonths(), today)
                    : SubscriptionRules.addSeats(current, k.seats());
            current = new Subscription(current.id(), current.tenantId(), current.customerName(), current.product(),
                    c.seatsAfter(), current.startDate(), c.endAfter(), SubscriptionState.active);
        }
        return new SubscriptionRules.Change(s.seats(), current.seats(), s.endDate(), current.endDate());
    }
}
