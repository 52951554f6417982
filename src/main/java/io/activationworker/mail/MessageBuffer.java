package io.activationworker.mail;

import java.util.Arrays;

/**
 * The bytes of one message body as they are composed. Unlike {@link java.io.ByteArrayOutputStream}
 * it takes no lock per write: the quoted-printable encoder writes byte by byte.
 */
final class MessageBuffer {

    private byte[] bytes;
    private int size;

    MessageBuffer(int capacity) {
        bytes = new byte[Math.max(64, capacity)];
    }

    void put(int b) {
        if (size == bytes.length) {
            bytes = Arrays.copyOf(bytes, bytes.length * 2);
        }
        bytes[size++] = (byte) b;
    }

    /** Text that is ASCII by construction (header fields after encoding, boundaries). */
    MessageBuffer ascii(String text) {
        ensure(text.length());
        for (int i = 0; i < text.length(); i++) {
            bytes[size++] = (byte) text.charAt(i);
        }
        return this;
    }

    MessageBuffer bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    MessageBuffer bytes(byte[] b, int offset, int length) {
        ensure(length);
        System.arraycopy(b, offset, bytes, size, length);
        size += length;
        return this;
    }

    MessageBuffer crlf() {
        ensure(2);
        bytes[size++] = '\r';
        bytes[size++] = '\n';
        return this;
    }

    void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    byte[] toByteArray() {
        return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }
}
