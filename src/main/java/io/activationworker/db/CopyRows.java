package io.activationworker.db;

import java.io.IOException;
import java.io.StringReader;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;

/**
 * Rows for PostgreSQL's {@code COPY … FROM STDIN} (text format), built in memory and sent as one
 * stream on the caller's handle and transaction. COPY skips the per-row parse, plan and
 * array-decoding work of {@code INSERT … SELECT unnest(…)}, which made most of a large feed
 * import's time. Values are escaped here, so no feed text can end a column or a row early.
 * The COPY statement itself lives in the DAO of its table.
 */
public final class CopyRows {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder text = new StringBuilder(16 * 1024);
    private boolean inRow;
    private int rows;

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
        rows++;
    }

    public int rows() {
        return rows;
    }

    /**
     * Sends the rows with {@code copySql} ({@code copy TABLE (COLUMNS) from stdin}) on the handle's
     * connection, inside its transaction; returns the rows written. A refused row fails the whole
     * COPY, and with it the caller's transaction.
     */
    public long copyInto(Handle handle, String copySql) {
        if (rows == 0) {
            return 0;
        }
        try {
            PGConnection pg = handle.getConnection().unwrap(PGConnection.class);
            return pg.getCopyAPI().copyIn(copySql, new StringReader(text.toString()));
        } catch (SQLException | IOException e) {
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
