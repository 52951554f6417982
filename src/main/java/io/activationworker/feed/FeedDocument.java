package io.activationworker.feed;

import java.nio.file.Path;
import java.util.List;

/**
 * A feed file as read: its partner, the agreements and retail keys that passed every check that
 * needs no database, and the rejections for the rest.
 */
public record FeedDocument(Path file, FeedPartner partner, List<FeedAgreement> agreements, List<FeedKey> retailKeys,
        List<FeedRejection> rejections) {

    public FeedDocument {
        agreements = List.copyOf(agreements);
        retailKeys = List.copyOf(retailKeys);
        rejections = List.copyOf(rejections);
    }
}
