package io.activationworker.db;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * One running {@code COPY … FROM STDIN} (text format) on the caller's handle and transaction, fed
 * row by row. COPY skips the per-row parse, plan and array-decoding work of
 * {@code INSERT … SELECT unnest(…)}, which made most of a large feed import's time. Rows are sent
 * every {@value #FLUSH_CHARS} characters, so PostgreSQL stores the first rows while the next are
 * still being built. Values are escaped here, so no feed text can end a column or a row early.
 * The COPY statement itself lives in the DAO of its table.
 *
 * <p>Use with try-with-resources and call {@link #finish()}: closing an unfinished COPY cancels it,
 * so the connection can roll back and be used again.
 */
public final class CopyRows implements AutoCloseable {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final int FLUSH_CHARS = 64 * 1024;

    private final String copySql;
    private final CopyIn copy;
    private final StringBuilder text = new StringBuilder(FLUSH_CHARS + 4 * 1024);
    private boolean inRow;

    private CopyRows(String copySql, CopyIn copy) {
        this.copySql = copySql;
        this.copy = copy;
    }

    /** Starts {@code copySql} ({@code copy TABLE (COLUMNS) from stdin}) on the handle's connection. */
    public static CopyRows start(Handle handle, String copySql) {
        try {
            return new CopyRows(copySql, handle.getConnection().unwrap(PGConnection.class).getCopyAPI().copyIn(copySql));
        } catch (SQLException e) {
            throw new CopyFailedException(copySql, e);
        }
    }

    public CopyRows text(String value) {
        separate();
        if (value == null) {
            text.append("\\N");
        } else {
            escape(value);
        }
        return this;
    }

    public CopyRows number(long value) {
        separate();
        text.append(value);
        return this;
    }

    /** A {@code bytea} value in hex form ({@code \x…}, its backslash escaped for COPY). */
    public CopyRows bytes(byte[] value) {
        separate();
        text.append("\\\\x");
        for (byte b : value) {
            text.append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
        }
        return this;
    }

    /** A {@code timestamptz}, to the microsecond PostgreSQL keeps. */
    public CopyRows instant(Instant value) {
        return text(value == null ? null : value.truncatedTo(ChronoUnit.MICROS).toString());
    }

    public CopyRows date(LocalDate value) {
        return text(value == null ? null : value.toString());
    }

    public void endRow() {
        text.append('\n');
        inRow = false;
        if (text.length() >= FLUSH_CHARS) {
            flush();
        }
    }

    /**
     * Sends the last rows and ends the COPY; returns the rows written. A refused row fails the whole
     * COPY, and with it the caller's transaction.
     */
    public long finish() {
        flush();
        try {
            return copy.endCopy();
        } catch (SQLException e) {
            throw new CopyFailedException(copySql, e);
        }
    }

    /** Cancels the COPY if it was not finished (a row could not be built, or the server refused one). */
    @Override
    public void close() {
        if (copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException e) {
                throw new CopyFailedException(copySql, e);
            }
        }
    }

    private void flush() {
        if (text.length() == 0) {
            return;
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        text.setLength(0);
        try {
            copy.writeToCopy(bytes, 0, bytes.length);
        } catch (SQLException e) {
            throw new CopyFailedException(copySql, e);
        }
    }

    private void separate() {
        if (inRow) {
            text.append('\t');
        }
        inRow = true;
    }

    private void escape(String value) {
        int clean = 0;
        while (clean < value.length() && !special(value.charAt(clean))) {
            clean++;
        }
        // Most values hold no special character: one bulk copy instead of one append per character.
        if (clean == value.length()) {
            text.append(value);
            return;
        }
        text.append(value, 0, clean);
        for (int i = clean; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
    }

    private static boolean special(char c) {
        return c == '\\' || c == '\t' || c == '\n' || c == '\r';
    }

    /** A COPY the database refused or could not take; the cause says why. */
    public static final class CopyFailedException extends RuntimeException {

        CopyFailedException(String copySql, Exception cause) {
            super("\"" + copySql.lines().findFirst().orElse(copySql).strip() + "\" failed: "
                    + (cause.getMessage() == null ? cause.getClass().getSimpleName()
                    : cause.getMessage().lines().findFirst().orElse("")), cause);
        }
    }
}
