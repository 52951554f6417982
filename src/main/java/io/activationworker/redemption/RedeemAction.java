package io.activationworker.redemption;

import java.util.Optional;

/** What a retail key does to a subscription; names match the database text. */
enum RedeemAction {
    extend, add;

    public static Optional<RedeemAction> parse(String value) {
        for (RedeemAction a : values()) {
            if (a.name().equals(value)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
