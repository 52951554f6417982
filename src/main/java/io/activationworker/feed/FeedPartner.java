package io.activationworker.feed;

import java.util.Optional;

/**
 * The partner a feed file belongs to, as the file declares it: its {@code contact} gets import
 * reports and delivery failures, its {@code webhook} the signed events, both in {@code locale}.
 */
public record FeedPartner(String id, String name, Optional<String> contact, Optional<String> webhook, String locale) {

    public FeedPartner(String id, String name) {
        this(id, name, Optional.empty(), Optional.empty(), "en");
    }
}
