package io.activationworker.feed;

/**
 * One refused part of a feed (an agreement or a retail key) and why; the rest of the file still counts.
 * Printed as {@code file:line: subject: reason}, the shape partners and editors jump to.
 */
public record FeedRejection(String file, int line, String subject, String reason) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + subject + ": " + reason;
    }
}
