package io.activationworker.subscription;

import java.time.LocalDate;
import java.util.Optional;

/**
 * The date and seat arithmetic of DESIGN.md, and nothing else. Extending never shortens:
 * time left on a subscription is kept, time already lapsed is not charged again.
 */
public final class SubscriptionRules {

    private SubscriptionRules() {
    }

    /** The seats and end date after one change. */
    public record Change(int seatsBefore, int seatsAfter, LocalDate endBefore, LocalDate endAfter) {
    }

    /** An open key: create, or extend from max(end, today) and never lower the seats. */
    public static Change activate(Optional<Subscription> current, int keySeats, int termMonths, LocalDate today) {
        if (current.isEmpty()) {
            return new Change(0, keySeats, null, today.plusMonths(termMonths));
        }
        Subscription s = current.get();
        return new Change(s.seats(), Math.max(s.seats(), keySeats), s.endDate(),
                later(s.endDate(), today).plusMonths(termMonths));
    }

    /** A retail key used to extend the end date. */
    public static Change extend(Subscription s, int termMonths, LocalDate today) {
        return new Change(s.seats(), s.seats(), s.endDate(), later(s.endDate(), today).plusMonths(termMonths));
    }

    /** A retail key used to add licences; the end date stays. */
    public static Change addSeats(Subscription s, int keySeats) {
        return new Change(s.seats(), s.seats() + keySeats, s.endDate(), s.endDate());
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }
}
