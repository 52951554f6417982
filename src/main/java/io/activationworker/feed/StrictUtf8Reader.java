package io.activationworker.feed;

import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Decodes a feed as strict UTF-8 while it streams to the parser. A lenient decoder would turn a
 * bad byte into U+FFFD and import a mangled name; this one stops and says at which byte and line.
 * It also refuses the characters YAML forbids (NUL and other controls) with their line, which
 * the parser could only report as a character count, skips a leading BOM, and stops at
 * {@code maxBytes} in case the file grows while it is read.
 *
 * <p>For JSON it turns tabs into spaces: the YAML parser refuses a tab that starts a line, yet
 * tab-indented JSON is valid, and in valid JSON a raw tab can only be whitespace (one inside a
 * string must be escaped), so the swap changes no value and no column.
 */
final class StrictUtf8Reader extends Reader {

    private static final int BUFFER_SIZE = 8192;

    private final String file;
    private final ReadableByteChannel channel;
    private final long maxBytes;
    private final boolean tabsAsSpaces;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER_SIZE).flip();
    private final CharBuffer chars = CharBuffer.allocate(BUFFER_SIZE).flip();
    private long bytesDecoded;
    private boolean endOfInput;
    private boolean flushed;
    private boolean started;
    private int line = 1;
    private int column = 1;
    private boolean afterCarriageReturn;

    StrictUtf8Reader(String file, ReadableByteChannel channel, long maxBytes, boolean tabsAsSpaces) {
        this.file = file;
        this.channel = channel;
        this.maxBytes = maxBytes;
        this.tabsAsSpaces = tabsAsSpaces;
    }

    @Override
    public int read(char[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!chars.hasRemaining() && !fill()) {
            return -1;
        }
        int n = Math.min(length, chars.remaining());
        chars.get(target, offset, n);
        return n;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private boolean fill() throws IOException {
        chars.clear();
        while (chars.position() == 0 && !flushed) {
            if (!endOfInput) {
                bytes.compact();
                endOfInput = channel.read(bytes) < 0;
                bytes.flip();
            }
            int before = bytes.position();
            CoderResult result = decoder.decode(bytes, chars, endOfInput);
            bytesDecoded += bytes.position() - before;
            if (bytesDecoded > maxBytes) {
                throw reject("the file is larger than the limit of " + FeedText.size(maxBytes) + " (feed.max-bytes)");
            }
            if (result.isError()) {
                chars.flip();
                skipByteOrderMarkAndCheck();
                throw reject("invalid UTF-8 at byte " + bytesDecoded);
            }
            if (endOfInput && !bytes.hasRemaining()) {
                decoder.flush(chars);
                flushed = true;
            }
        }
        chars.flip();
        skipByteOrderMarkAndCheck();
        return chars.hasRemaining() || !flushed && fill();
    }

    private void skipByteOrderMarkAndCheck() {
        if (!started && chars.hasRemaining()) {
            started = true;
            if (chars.get(chars.position()) == '\uFEFF') {
                chars.get();
            }
        }
        check(chars);
    }

    /** Follows line and column over freshly decoded text and refuses what YAML calls non-printable. */
    private void check(CharBuffer decoded) {
        for (int i = decoded.position(); i < decoded.limit(); i++) {
            char c = decoded.get(i);
            if (c == '\n') {
                if (!afterCarriageReturn) {
                    line++;
                }
                column = 1;
                afterCarriageReturn = false;
                continue;
            }
            afterCarriageReturn = c == '\r';
            if (c == '\r') {
                line++;
                column = 1;
                continue;
            }
            if (c == '\t' && tabsAsSpaces) {
                decoded.put(i, ' ');
            } else if (!isPrintable(c)) {
                throw reject(String.format(Locale.ROOT, "control character U+%04X is not allowed in a feed", (int) c));
            }
            if (!Character.isLowSurrogate(c)) {
                column++;
            }
        }
    }

    /** YAML 1.2's printable set; surrogates here always come in the pairs the decoder built. */
    private static boolean isPrintable(char c) {
        return c == '\t' || c >= 0x20 && c <= 0x7E || c == 0x85 || c >= 0xA0 && c <= 0xFFFD;
    }

    private FeedFileRejectedException reject(String reason) {
        return new FeedFileRejectedException(file, line, column, reason);
    }
}
