package io.activationworker.mail;

import java.io.Writer;

/** A Writer into a StringBuilder that is cleared and reused; unlike StringWriter it takes no lock per write. */
final class TextOutput extends Writer {

    private final StringBuilder text = new StringBuilder(8192);

    void clear() {
        text.setLength(0);
    }

    @Override
    public void write(char[] chars, int offset, int length) {
        text.append(chars, offset, length);
    }

    @Override
    public void write(String s) {
        text.append(s);
    }

    @Override
    public void write(String s, int offset, int length) {
        text.append(s, offset, offset + length);
    }

    @Override
    public void write(int c) {
        text.append((char) c);
    }

    @Override
    public void flush() {
        // Nothing is buffered elsewhere.
    }

    @Override
    public void close() {
        // Reused by the next render on this thread.
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
