package io.activationworker.partner;

import io.activationworker.db.StatementFailed;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The per-agreement view of one partner, behind {@code GET /partner/agreements} and
 * {@code status --partner}: one row per agreement, read through a server-side cursor and written
 * as it is read, so 100,000 agreements are never held in memory.
 *
 * <p>PostgreSQL writes each row's JSON object (or text line) and this class only copies its
 * bytes: in the command's fresh JVM, building 100,000 objects and formatting them took longer
 * than the query (issue 16 #2, bench/NOTES.md §29). Plain JDBC for the cursor (fetch size within
 * a transaction), which Jdbi would only wrap.
 */
public final class AgreementStatusRows {

    /** How the rows are written. */
    public enum Format {
        /** One JSON array, an object per agreement (DESIGN.md, Partner API). */
        JSON,
        /** A header and one line per agreement, in columns, for a person at a terminal. */
        TEXT
    }

    /**
     * {@code activated}: accepted, and no open key left waiting; {@code undeliverable}: the last
     * activation mail failed for good; {@code pending} otherwise. The last mail is the last mail
     * of the activation itself (link, reminder, notice, confirmation), not the notices about it
     * (to the partner, or to an administrator the feed replaced).
     * Set-based (hash joins over the partner's rows) rather than a lookup per agreement: for
     * 100,000 agreements 0.6 s against 2.4 s for lateral index lookups on a loaded machine.
     * {@code activated} is ISO 8601 in UTC, as {@code Instant.parse} reads it.
     */
    private static final String ROWS = """
            with accepted as (
                select c.agreement_number, max(c.accepted_at) as activated_at
                  from acceptance c join agreement a on a.number = c.agreement_number
                 where a.partner_id = ?
                 group by c.agreement_number
            ), waiting as (
                select distinct k.agreement_number
                  from product_key k join agreement a on a.number = k.agreement_number
                 where a.partner_id = ? and k.state = 'unused'
            ), last_mail as (
                select distinct on (o.agreement_number) o.agreement_number, o.kind, o.state, o.last_error
                  from outbox_message o join agreement a on a.number = o.agreement_number
                 where a.partner_id = ?
                   and o.kind in ('activation_link', 'reminder', 'new_link_notice', 'activation_confirmation')
                 order by o.agreement_number, o.id desc
            )
            select a.number, a.tenant_id as tenant,
                   case when acc.activated_at is not null and w.agreement_number is null then 'activated'
                        when a.undeliverable_at is not null then 'undeliverable'
                        else 'pending' end as state,
                   a.admin_email as administrator,
                   to_char(acc.activated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as activated,
                   m.kind as mail_kind, m.state as mail_state, m.last_error as mail_reason
              from agreement a
              left join accepted acc on acc.agreement_number = a.number
              left join waiting w on w.agreement_number = a.number
              left join last_mail m on m.agreement_number = a.number
             where a.partner_id = ?
             order by a.number
            """;

    /**
     * One JSON object per row, as DESIGN.md names the fields; {@code row_to_json} writes it
     * compact and escapes every string. Public for bench/ (scenario partner-status), whose
     * baseline runs this very statement, with {@link #SESSION_SETTINGS}, as {@code COPY ... TO STDOUT}.
     */
    public static final String JSON_ROWS = """
            select row_to_json(r)::text from (
                select s.number, s.tenant, s.state, s.administrator, s.activated as "activatedAt",
                       case when s.mail_kind is null then null
                            else (select row_to_json(m) from (select s.mail_kind as kind, s.mail_state as state,
                                                                     s.mail_reason as reason) m) end as "lastMail"
                  from (%s) s
            ) r
            """.formatted(ROWS);

    /** One line per row in the columns of {@link #TEXT_HEADER}; {@code format} pads and never cuts. */
    private static final String TEXT_ROWS = """
            select format('%%-12s %%-14s %%-36s %%-22s %%s', s.number, s.state, coalesce(s.administrator, '-'),
                          coalesce(s.activated, '-'),
                          case when s.mail_kind is null then '-'
                               else s.mail_kind || ' ' || s.mail_state
                                    || coalesce(' (' || s.mail_reason || ')', '') end)
              from (%s) s
            """.formatted(ROWS);

    private static final String TEXT_HEADER = String.format("%-12s %-14s %-36s %-22s %s",
            "AGREEMENT", "STATE", "ADMINISTRATOR", "ACTIVATED", "LAST MAIL");

    /**
     * For {@link #ROWS}' transaction. The plan's cost invites JIT compilation, which costs more than
     * it saves here. With the default 4 MB of work memory the last-mail sort of 100,000 rows spilled
     * to disk and a hash join ran in two batches (EXPLAIN ANALYZE, bench/NOTES.md §28).
     */
    public static final java.util.List<String> SESSION_SETTINGS = java.util.List.of("jit = off", "work_mem = '64MB'");

    private static final java.time.Duration CURSOR_TIMEOUT = java.time.Duration.ofMinutes(5);
    private static final int OUTPUT_BUFFER = 64 * 1024;

    private final DataSource dataSource;

    public AgreementStatusRows(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Whether a partner with this id exists (its feed was imported once). */
    public boolean partnerExists(String partnerId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select exists (select 1 from partner where id = ?)")) {
            ps.setString(1, partnerId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new StatementFailed("looking up partner " + partnerId, e);
        }
    }

    /**
     * Writes the partner's agreements in the given format and returns how many there were. The
     * rows' bytes go through one 64 KB buffer: a few hundred writes to the response (each a chunk
     * and a wait for the socket) instead of one per agreement. The caller owns the stream (the
     * web server's response, System.out): flushed, never closed here.
     */
    public long write(String partnerId, Format format, OutputStream target) throws IOException {
        OutputStream out = new BufferedOutputStream(target, OUTPUT_BUFFER);
        boolean json = format == Format.JSON;
        out.write((json ? "[" : TEXT_HEADER + "\n").getBytes(StandardCharsets.UTF_8));
        long rows = forEach(partnerId, json ? JSON_ROWS : TEXT_ROWS, (line, first) -> {
            if (json && !first) {
                out.write(',');
            }
            out.write(line);
            if (!json) {
                out.write('\n');
            }
        });
        if (json) {
            out.write(']');
        }
        out.flush();
        return rows;
    }

    @FunctionalInterface
    private interface LineConsumer {
        void accept(byte[] line, boolean first) throws IOException;
    }

    private long forEach(String partnerId, String sql, LineConsumer consumer) throws IOException {
        try (Connection c = dataSource.getConnection()) {
            // The pool's socket timeout is made for page statements (seconds); the first portion of
            // 100,000 rows waits for the whole join. The pool puts the short timeout back on return.
            c.setNetworkTimeout(Runnable::run, (int) CURSOR_TIMEOUT.toMillis());
            c.setAutoCommit(false); // a cursor: rows come in fetch-size portions
            c.setReadOnly(true);
            try (Statement set = c.createStatement()) {
                for (String setting : SESSION_SETTINGS) {
                    set.execute("set local " + setting);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(1000);
                for (int i = 1; i <= 4; i++) {
                    ps.setString(i, partnerId);
                }
                long rows = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        // A text column's bytes as the server sent them: UTF-8, nothing decoded.
                        consumer.accept(rs.getBytes(1), rows++ == 0);
                    }
                }
                return rows;
            } finally {
                c.rollback();
                c.setReadOnly(false);
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StatementFailed("reading partner " + partnerId + "'s agreements", e);
        }
    }
}
