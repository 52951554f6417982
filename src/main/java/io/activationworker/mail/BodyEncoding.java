package io.activationworker.mail;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Writes a text part in its Content-Transfer-Encoding (RFC 2045) with CRLF line ends, straight
 * from the String into the message's bytes: the same bytes Jakarta Mail's encoder streams write,
 * without a body part, a DataHandler and a stream per part for every message sent.
 */
enum BodyEncoding {

    SEVEN_BIT("7bit") {
        @Override
        void write(String text, MessageBuffer out) {
            // Only chosen for ASCII text with lines of at most 998 bytes; line ends become CRLF.
            // Copied a line at a time: char by char this was a quarter of the worker's CPU.
            byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
            out.ensure(ascii.length + ascii.length / 32);
            int lineStart = 0;
            for (int i = 0; i < ascii.length; i++) {
                byte b = ascii[i];
                if (b == '\r' || b == '\n') {
                    out.bytes(ascii, lineStart, i - lineStart).crlf();
                    if (b == '\r' && i + 1 < ascii.length && ascii[i + 1] == '\n') {
                        i++;
                    }
                    lineStart = i + 1;
                }
            }
            out.bytes(ascii, lineStart, ascii.length - lineStart);
        }
    },

    QUOTED_PRINTABLE("quoted-printable") {
        /** Characters before the soft line break "=": encoded lines stay within RFC 2045's 76. */
        private static final int LINE = 75;

        @Override
        void write(String text, MessageBuffer out) {
            out.ensure(text.length() + text.length() / 8);
            int column = 0;
            boolean space = false; // a space is written once we know it does not end a line
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\r' || c == '\n') {
                    if (space) {
                        column = escaped(' ', column, out); // trailing white space would be stripped in transit
                        space = false;
                    }
                    out.crlf();
                    column = 0;
                    if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                    continue;
                }
                if (space) {
                    column = literal(' ', column, out);
                    space = false;
                }
                if (c == ' ') {
                    space = true;
                } else if (c > ' ' && c < 0x7F && c != '=') {
                    column = literal(c, column, out);
                } else if (c < 0x80) {
                    column = escaped(c, column, out); // tab and other controls too, as Jakarta Mail does
                } else {
                    int codePoint = Character.codePointAt(text, i);
                    i += Character.charCount(codePoint) - 1;
                    // An unpaired surrogate becomes '?', as String.getBytes would make it.
                    column = utf8(Character.isSurrogate(c) && Character.charCount(codePoint) == 1 ? '?' : codePoint,
                            column, out);
                }
            }
            if (space) {
                escaped(' ', column, out);
            }
        }

        private static int utf8(int cp, int column, MessageBuffer out) {
            if (cp < 0x80) {
                return escaped(cp, column, out);
            }
            if (cp < 0x800) {
                column = escaped(0xC0 | cp >> 6, column, out);
            } else if (cp < 0x10000) {
                column = escaped(0xE0 | cp >> 12, column, out);
                column = escaped(0x80 | cp >> 6 & 0x3F, column, out);
            } else {
                column = escaped(0xF0 | cp >> 18, column, out);
                column = escaped(0x80 | cp >> 12 & 0x3F, column, out);
                column = escaped(0x80 | cp >> 6 & 0x3F, column, out);
            }
            return escaped(0x80 | cp & 0x3F, column, out);
        }

        private static int literal(int c, int column, MessageBuffer out) {
            if (column + 1 > LINE) {
                softBreak(out);
                column = 0;
            }
            out.put(c);
            return column + 1;
        }

        private static int escaped(int b, int column, MessageBuffer out) {
            if (column + 3 > LINE) {
                softBreak(out);
                column = 0;
            }
            out.put('=');
            out.put(HEX[b >> 4 & 0xF]);
            out.put(HEX[b & 0xF]);
            return column + 3;
        }

        private static void softBreak(MessageBuffer out) {
            out.put('=');
            out.crlf();
        }
    },

    BASE64("base64") {
        @Override
        void write(String text, MessageBuffer out) {
            out.bytes(Base64.getMimeEncoder(76, CRLF).encode(text.getBytes(StandardCharsets.UTF_8)));
            out.crlf();
        }
    };

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};

    private final String headerValue;

    BodyEncoding(String headerValue) {
        this.headerValue = headerValue;
    }

    /** The Content-Transfer-Encoding header's value. */
    String headerValue() {
        return headerValue;
    }

    abstract void write(String text, MessageBuffer out);

    /**
     * The encoding Jakarta Mail would choose for this text in UTF-8: 7bit when every byte is ASCII
     * (controls other than tab, CR and LF count as not) and no line passes 998 bytes,
     * quoted-printable when ASCII bytes are the majority, base64 otherwise.
     */
    static BodyEncoding of(String text) {
        long ascii = 0;
        long other = 0;
        int lineLength = 0;
        boolean longLine = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                lineLength = 0;
                ascii++;
                continue;
            }
            int bytes = c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isHighSurrogate(c) ? 4 : Character.isLowSurrogate(c) ? 0 : 3;
            lineLength += bytes;
            longLine |= lineLength > 998;
            if (c >= 0x7F || c < 0x20 && c != '\t') {
                other += bytes;
            } else {
                ascii++;
            }
        }
        if (other == 0) {
            return longLine ? QUOTED_PRINTABLE : SEVEN_BIT;
        }
        return ascii > other ? QUOTED_PRINTABLE : BASE64;
    }
}
