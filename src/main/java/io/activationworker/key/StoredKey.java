package io.activationworker.key;

import java.time.LocalDate;

/** A product key row: never the key itself, only its keyed hash and last five characters. */
public record StoredKey(
        long id,
        byte[] keyHash,
        String lastFive,
        String product,
        int seats,
        int termMonths,
        KeyChannel channel,
        KeyState state,
        String partnerId,
        String agreementNumber,
        LocalDate redeemBy) {

    public boolean unused() {
        return state == KeyState.unused;
    }

    public boolean retail() {
        return channel == KeyChannel.retail;
    }
}
