package io.activationworker.feed;

import java.util.List;

/** What one import of one file did: counts, and every rejection as a {@code file:line: …} line. */
public record ImportReport(
        String file,
        int agreementsNew,
        int agreementsChanged,
        int agreementsUnchanged,
        int keysNew,
        int retailKeysNew,
        int missingFromFeed,
        List<FeedRejection> rejections) {

    public boolean allAccepted() {
        return rejections.isEmpty();
    }

    public String summary() {
        return "%s: %d new, %d changed, %d unchanged agreements; %d new keys, %d new retail keys; %d rejected"
                .formatted(file, agreementsNew, agreementsChanged, agreementsUnchanged, keysNew, retailKeysNew,
                        rejections.size());
    }
}
