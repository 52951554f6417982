package io.activationworker.feed;

import java.util.List;

/** Told, after each import of a document, what it rejected (issue 16: the partner's import report). */
@FunctionalInterface
public interface ImportListener {

    ImportListener NONE = (doc, rejections) -> { };

    void imported(FeedDocument doc, List<FeedRejection> rejections);
}
