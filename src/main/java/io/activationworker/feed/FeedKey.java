package io.activationworker.feed;

import io.activationworker.key.KeyChannel;
import io.activationworker.key.KeyState;
import io.activationworker.key.ProductKey;
import io.activationworker.key.StoredKey;
import java.time.LocalDate;
import java.util.Optional;

/** One product key from a feed, checked against the catalogue; {@code line} is where its mapping starts. */
record FeedKey(int line, ProductKey key, String product, int seats, int termMonths, Optional<LocalDate> redeemBy) {

    /** The key as stored once written with a reserved {@code id}: unused; {@code agreementNumber} null for retail. */
    StoredKey stored(long id, byte[] hash, KeyChannel channel, String partnerId, String agreementNumber) {
        return new StoredKey(id, hash, key.lastFive(), product, seats, termMonths, channel, KeyState.unused, partnerId,
                agreementNumber, redeemBy.orElse(null));
    }
}
