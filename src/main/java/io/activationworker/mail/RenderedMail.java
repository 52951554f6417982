package io.activationworker.mail;

import java.util.Objects;

/** The three rendered parts of one message, ready to be put into MIME. */
public record RenderedMail(String subject, String text, String html) {

    public RenderedMail {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(html, "html");
        // A line break in a subject would start a new header; refuse it here too, whoever built us.
        if (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a subject must be one line");
        }
    }
}
