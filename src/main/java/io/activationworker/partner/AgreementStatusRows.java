package io.activationworker.partner;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.activationworker.db.Jdbc;
import io.activationworker.db.StatementFailed;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * The per-agreement view of one partner, behind {@code GET /partner/agreements} and
 * {@code status --partner}: one row per agreement, read through a server-side cursor and written
 * as it is read, so 100,000 agreements are never held in memory. Plain JDBC for the cursor
 * (fetch size within a transaction), which Jdbi would only wrap.
 */
public final class AgreementStatusRows {

    /**
     * {@code activated}: accepted, and no open key left waiting; {@code undeliverable}: the last
     * activation mail failed for good; {@code pending} otherwise. The last mail is the last mail
     * of the activation itself (link, reminder, notice, confirmation), not the notices about it
     * (to the partner, or to an administrator the feed replaced).
     * Set-based (hash joins over the partner's rows) rather than a lookup per agreement: for
     * 100,000 agreements 0.6 s against 2.4 s for lateral index lookups on a loaded machine.
     * Public for bench/ (scenario partner-status), whose baseline runs this very statement, with
     * {@link #SESSION_SETTINGS}, as {@code COPY ... TO STDOUT}.
     */
    public static final String ROWS = """
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
            select a.number, a.tenant_id, a.admin_email, acc.activated_at,
                   case when acc.activated_at is not null and w.agreement_number is null then 'activated'
                        when a.undeliverable_at is not null then 'undeliverable'
                        else 'pending' end as state,
                   m.kind, m.state, m.last_error
              from agreement a
              left join accepted acc on acc.agreement_number = a.number
              left join waiting w on w.agreement_number = a.number
              left join last_mail m on m.agreement_number = a.number
             where a.partner_id = ?
             order by a.number
            """;

    /**
     * For {@link #ROWS}' transaction. The plan's cost invites JIT compilation, which costs more than
     * it saves here. With the default 4 MB of work memory the last-mail sort of 100,000 rows spilled
     * to disk and a hash join ran in two batches (EXPLAIN ANALYZE, bench/NOTES.md §28).
     */
    public static final java.util.List<String> SESSION_SETTINGS = java.util.List.of("jit = off", "work_mem = '64MB'");

    /** The caller owns the stream (the web server's response, System.out): flushed, never closed here. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(com.fasterxml.jackson.core.StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    /** One agreement's row. */
    public record Row(String number, String tenant, String state, String administrator, Instant activatedAt,
                      String mailKind, String mailState, String mailReason) {
    }

    @FunctionalInterface
    interface RowConsumer {
        void accept(Row row) throws IOException;
    }

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
     * Writes the partner's agreements as one JSON array, an object per agreement. Jackson hands
     * its 8 KB buffer on as it fills; the 64 KB buffer here makes that a few hundred writes to the
     * response (each a chunk and a wait for the socket) instead of thousands.
     */
    public void writeJson(String partnerId, OutputStream target) throws IOException {
        OutputStream out = new BufferedOutputStream(target, OUTPUT_BUFFER);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartArray();
            forEach(partnerId, row -> {
                json.writeStartObject();
                json.writeStringField("number", row.number());
                json.writeStringField("tenant", row.tenant());
                json.writeStringField("state", row.state());
                json.writeStringField("administrator", row.administrator());
                json.writeStringField("activatedAt", row.activatedAt() == null ? null : row.activatedAt().toString());
                if (row.mailKind() == null) {
                    json.writeNullField("lastMail");
                } else {
                    json.writeObjectFieldStart("lastMail");
                    json.writeStringField("kind", row.mailKind());
                    json.writeStringField("state", row.mailState());
                    json.writeStringField("reason", row.mailReason());
                    json.writeEndObject();
                }
                json.writeEndObject();
            });
            json.writeEndArray();
        }
        out.flush();
    }

    /**
     * Writes one line per agreement, in columns, for a person at a terminal. Padded by hand and
     * written through one buffer: {@code printf} on {@code System.out} parsed the format and
     * flushed the stream (a write call) for every one of 100,000 lines.
     */
    public int writeText(String partnerId, OutputStream target) throws IOException {
        Writer out = new BufferedWriter(new OutputStreamWriter(target, StandardCharsets.UTF_8), OUTPUT_BUFFER);
        StringBuilder line = new StringBuilder(160);
        textLine(out, line, "AGREEMENT", "STATE", "ADMINISTRATOR", "ACTIVATED", "LAST MAIL");
        int[] count = {0};
        forEach(partnerId, row -> {
            count[0]++;
            String mail = row.mailKind() == null ? "-"
                    : row.mailKind() + " " + row.mailState() + (row.mailReason() == null ? "" : " (" + row.mailReason() + ")");
            textLine(out, line, row.number(), row.state(), row.administrator() == null ? "-" : row.administrator(),
                    row.activatedAt() == null ? "-" : row.activatedAt().toString(), mail);
        });
        out.flush();
        return count[0];
    }

    /** The columns of {@code "%-12s %-14s %-36s %-22s %s%n"}. */
    private static void textLine(Writer out, StringBuilder line, String number, String state, String administrator,
                                 String activated, String mail) throws IOException {
        line.setLength(0);
        pad(line, number, 12);
        pad(line, state, 14);
        pad(line, administrator, 36);
        pad(line, activated, 22);
        line.append(mail).append(System.lineSeparator());
        out.append(line);
    }

    private static void pad(StringBuilder line, String value, int width) {
        line.append(value);
        for (int i = value.length(); i < width; i++) {
            line.append(' ');
        }
        line.append(' ');
    }

    void forEach(String partnerId, RowConsumer consumer) throws IOException {
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
            try (PreparedStatement ps = c.prepareStatement(ROWS)) {
                ps.setFetchSize(1000);
                for (int i = 1; i <= 4; i++) {
                    ps.setString(i, partnerId);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        consumer.accept(new Row(rs.getString(1), rs.getString(2), rs.getString(5), rs.getString(3),
                                Jdbc.instant(rs, 4), rs.getString(6), rs.getString(7), rs.getString(8)));
                    }
                }
            } finally {
                c.rollback();
                c.setReadOnly(false);
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StatementFailed("reading partner " + partnerId + "'s agreements", e);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
