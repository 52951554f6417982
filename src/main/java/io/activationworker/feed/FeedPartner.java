package io.activationworker.feed;

/** The partner a feed file belongs to, as the file declares it. */
public record FeedPartner(String id, String name) {
}
