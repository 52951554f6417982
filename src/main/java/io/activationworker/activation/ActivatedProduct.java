package io.activationworker.activation;

import java.time.LocalDate;

/** One product of an accepted link: the subscription's seats and dates right after activation, and now. */
public record ActivatedProduct(String product, int seatsNow, int seatsAfter, LocalDate endAfter, LocalDate startDate,
                               LocalDate endDate) {
}
