package io.activationworker.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SubscriptionRulesTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);

    private static Subscription sub(int seats, LocalDate end) {
        return new Subscription(1, "fabrikam.example", "Fabrikam NV", "P", seats, LocalDate.of(2025, 1, 1), end,
                SubscriptionState.active);
    }

    @Test
    void an_open_key_without_subscription_creates_one_from_today() {
        var c = SubscriptionRules.activate(Optional.empty(), 25, 12, TODAY);
        assertThat(c.seatsAfter()).isEqualTo(25);
        assertThat(c.endAfter()).isEqualTo(LocalDate.of(2027, 11, 25));
    }

    @Test
    void an_active_subscription_is_extended_from_its_end_date() {
        var c = SubscriptionRules.activate(Optional.of(sub(10, LocalDate.of(2027, 3, 1))), 5, 12, TODAY);
        assertThat(c.endAfter()).isEqualTo(LocalDate.of(2028, 3, 1));
    }

    @Test
    void an_expired_subscription_is_extended_from_today() {
        var c = SubscriptionRules.activate(Optional.of(sub(10, LocalDate.of(2025, 6, 30))), 5, 12, TODAY);
        assertThat(c.endAfter()).isEqualTo(LocalDate.of(2027, 11, 25));
    }

    @Test
    void seats_never_fall_on_activation() {
        assertThat(SubscriptionRules.activate(Optional.of(sub(40, TODAY)), 25, 12, TODAY).seatsAfter()).isEqualTo(40);
        assertThat(SubscriptionRules.activate(Optional.of(sub(10, TODAY)), 25, 12, TODAY).seatsAfter()).isEqualTo(25);
    }

    @Test
    void extend_with_a_retail_key_keeps_seats_and_adds_the_term() {
        var c = SubscriptionRules.extend(sub(10, LocalDate.of(2027, 1, 31)), 1, TODAY);
        assertThat(c.seatsAfter()).isEqualTo(10);
        assertThat(c.endAfter()).isEqualTo(LocalDate.of(2027, 2, 28));
    }

    @Test
    void add_with_a_retail_key_adds_seats_and_keeps_the_end_date() {
        var c = SubscriptionRules.addSeats(sub(10, LocalDate.of(2027, 1, 31)), 5);
        assertThat(c.seatsAfter()).isEqualTo(15);
        assertThat(c.endAfter()).isEqualTo(LocalDate.of(2027, 1, 31));
    }
}
