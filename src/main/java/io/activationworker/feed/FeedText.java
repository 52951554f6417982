package io.activationworker.feed;

import io.activationworker.key.ProductKey;
import java.util.Locale;
import java.util.Optional;

/** Rules for text that comes from a feed and ends up in mail headers, pages and log lines. */
final class FeedText {

    private static final int SHOWN_CHARACTERS = 60;
    private static final int MESSAGE_CHARACTERS = 200;

    private FeedText() {
    }

    /**
     * Why the text may not be used, if it may not: a line break in a name or address is how a
     * header is injected into a mail, and control characters forge log lines.
     */
    static Optional<String> unsafeCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return Optional.of("contains a line break");
            }
            if (Character.getType(c) == Character.CONTROL) {
                return Optional.of(String.format(Locale.ROOT, "contains a control character (U+%04X)", (int) c));
            }
        }
        return Optional.empty();
    }

    /**
     * A value from the file made safe to print inside a reason: quoted, on one line, short, and
     * never a whole product key (a partner may put a key where a name belongs).
     */
    static String quote(String text) {
        return quote(text, SHOWN_CHARACTERS);
    }

    private static String quote(String text, int limit) {
        Optional<ProductKey> key = ProductKey.tryParse(text);
        if (key.isPresent()) {
            return "'" + key.get().masked() + "'";
        }
        StringBuilder out = new StringBuilder("'");
        int shown = 0;
        for (int i = 0; i < text.length() && shown < limit; i = text.offsetByCodePoints(i, 1), shown++) {
            int c = text.codePointAt(i);
            if (Character.getType(c) == Character.CONTROL || c == '\u2028' || c == '\u2029') {
                out.append(String.format(Locale.ROOT, "\\u%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        }
        if (text.codePointCount(0, text.length()) > limit) {
            out.append('…');
        }
        return out.append('\'').toString();
    }

    /** A parser message on one printable line. */
    static String oneLine(String message) {
        if (message == null || message.isBlank()) {
            return "unknown problem";
        }
        String first = message.strip().lines().findFirst().orElse("");
        String quoted = quote(first, MESSAGE_CHARACTERS);
        return quoted.substring(1, quoted.length() - 1);
    }

    /** A file size the way an operator reads it: "50.0 MB", "12.5 KB", "900 bytes". */
    static String size(long bytes) {
        if (bytes >= 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
        }
        if (bytes >= 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        return bytes + " bytes";
    }
}
