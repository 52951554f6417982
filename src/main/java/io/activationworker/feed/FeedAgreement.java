package io.activationworker.feed;

import java.util.List;
import java.util.Optional;

/**
 * One agreement from a feed that passed every check a file alone allows. It names an online
 * administrator (name and email), a notices contact, or both; {@code locale} is "en" or "nl".
 */
record FeedAgreement(int line, String number, String tenant, String customerName, Optional<String> adminName,
        Optional<String> adminEmail, Optional<String> noticesContact, String locale, List<FeedKey> keys) {

    public FeedAgreement {
        keys = List.copyOf(keys);
    }
}
