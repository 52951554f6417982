package io.activationworker.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Reads the rows of a {@code COPY (query) TO STDOUT} (text format) one by one. PostgreSQL sends
 * them as fast as it makes them while the caller works on the ones before, where a cursor's
 * fetches make the server and the caller wait for each other in turn. The reverse of
 * {@link CopyRows}: fields split at tabs, {@code \N} for null, backslash escapes undone.
 */
public final class CopyOutRows {

    /** Receives one row's fields; the array is reused for the next row. */
    @FunctionalInterface
    public interface RowConsumer {
        void accept(String[] fields) throws IOException;
    }

    private CopyOutRows() {
    }

    /** Runs {@code copySql} on the connection and hands on each row of {@code columns} fields; returns the row count. */
    public static long forEach(Connection connection, String copySql, int columns, RowConsumer consumer)
            throws SQLException, IOException {
        CopyOut copy = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(copySql);
        try {
            String[] fields = new String[columns];
            long rows = 0;
            for (byte[] line = copy.readFromCopy(); line != null; line = copy.readFromCopy()) {
                split(line, fields);
                consumer.accept(fields);
                rows++;
            }
            return rows;
        } finally {
            if (copy.isActive()) { // the consumer failed (the client went away): stop the server's work
                copy.cancelCopy();
            }
        }
    }

    /** One line of COPY's text format (ending in a newline) into exactly {@code fields.length} fields. */
    static void split(byte[] line, String[] fields) {
        int end = line.length > 0 && line[line.length - 1] == '\n' ? line.length - 1 : line.length;
        int field = 0;
        int start = 0;
        for (int i = 0; i <= end; i++) {
            if (i == end || line[i] == '\t') {
                if (field == fields.length) {
                    throw new IllegalStateException("COPY sent more than " + fields.length + " fields in a row");
                }
                fields[field++] = value(line, start, i);
                start = i + 1;
            }
        }
        if (field != fields.length) {
            throw new IllegalStateException("COPY sent " + field + " fields in a row, not " + fields.length);
        }
    }

    /**
     * COPY TO writes a null as {@code \N} and escapes only backslash, tab, newline, carriage
     * return, backspace, form feed and vertical tab; a backslash before anything else stands for
     * that character.
     */
    private static String value(byte[] line, int from, int to) {
        if (to - from == 2 && line[from] == '\\' && line[from + 1] == 'N') {
            return null;
        }
        int i = from;
        while (i < to && line[i] != '\\') {
            i++;
        }
        if (i == to) {
            return new String(line, from, to - from, StandardCharsets.UTF_8);
        }
        byte[] out = new byte[to - from];
        int n = 0;
        for (i = from; i < to; i++) {
            byte b = line[i];
            if (b == '\\' && i + 1 < to) {
                b = switch (line[++i]) {
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    case 'v' -> 0x0b;
                    default -> line[i];
                };
            }
            out[n++] = b;
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }
}
