package io.activationworker.feed;

import io.activationworker.key.ProductKey;
import java.time.LocalDate;
import java.util.Optional;

/** One product key from a feed, checked against the catalogue; {@code line} is where its mapping starts. */
record FeedKey(int line, ProductKey key, String product, int seats, int termMonths, Optional<LocalDate> redeemBy) {
}
