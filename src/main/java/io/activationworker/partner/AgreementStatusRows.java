package io.activationworker.partner;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.activationworker.db.CopyOutRows;
import io.activationworker.db.StatementFailed;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The per-agreement view of one partner, behind {@code GET /partner/agreements} and
 * {@code status --partner}: one row per agreement, read through {@code COPY ... TO STDOUT} and
 * written as it is read, so 100,000 agreements are never held in memory. COPY rather than a
 * cursor: PostgreSQL makes the next rows while these are written (issue 16 #2, bench/NOTES.md
 * §29). Plain JDBC, which Jdbi would only wrap.
 */
public final class AgreementStatusRows {

    /**
     * {@code activated}: accepted, and no open key left waiting; {@code undeliverable}: the last
     * activation mail failed for good; {@code pending} otherwise. The last mail is the last mail
     * of the activation itself (link, reminder, notice, confirmation), not the notices about it
     * (to the partner, or to an administrator the feed replaced).
     * Set-based (hash joins over the partner's rows) rather than a lookup per agreement: for
     * 100,000 agreements 0.6 s against 2.4 s for lateral index lookups on a loaded machine. The
     * open keys are looked up only for accepted agreements ({@code not exists}, an index probe
     * each), not collected for every agreement first: 0.55 s instead of 0.76 s for COPY of all
     * 100,000 rows, 1.11 s instead of 1.25 s with half of them accepted (bench/NOTES.md §29).
     * The partner comes from the transaction's setting {@value #PARTNER_SETTING} ({@link
     * #PARTNER}), as COPY takes no parameters; {@code activated_at} comes as ISO 8601 text in UTC,
     * as {@code Instant.parse} reads it, so the rows need no date handling here.
     * Public for bench/ (scenario partner-status), whose baseline runs this very statement, with
     * {@link #SESSION_SETTINGS} and {@link #PARTNER}, as {@code COPY ... TO STDOUT}.
     */
    public static final String ROWS = """
            with accepted as (
                select c.agreement_number, max(c.accepted_at) as activated_at
                  from acceptance c join agreement a on a.number = c.agreement_number
                 where a.partner_id = current_setting('activation.partner_id')
                 group by c.agreement_number
            ), last_mail as (
                select distinct on (o.agreement_number) o.agreement_number, o.kind, o.state, o.last_error
                  from outbox_message o join agreement a on a.number = o.agreement_number
                 where a.partner_id = current_setting('activation.partner_id')
                   and o.kind in ('activation_link', 'reminder', 'new_link_notice', 'activation_confirmation')
                 order by o.agreement_number, o.id desc
            )
            select a.number, a.tenant_id, a.admin_email,
                   to_char(acc.activated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as activated_at,
                   case when acc.activated_at is not null
                             and not exists (select 1 from product_key k
                                              where k.agreement_number = a.number and k.state = 'unused') then 'activated'
                        when a.undeliverable_at is not null then 'undeliverable'
                        else 'pending' end as state,
                   m.kind, m.state, m.last_error
              from agreement a
              left join accepted acc on acc.agreement_number = a.number
              left join last_mail m on m.agreement_number = a.number
             where a.partner_id = current_setting('activation.partner_id')
             order by a.number
            """;

    /**
     * For {@link #ROWS}' transaction. The plan's cost invites JIT compilation, which costs more than
     * it saves here. With the default 4 MB of work memory the last-mail sort of 100,000 rows spilled
     * to disk and a hash join ran in two batches (EXPLAIN ANALYZE, bench/NOTES.md §28).
     */
    public static final java.util.List<String> SESSION_SETTINGS = java.util.List.of("jit = off", "work_mem = '64MB'");

    public static final String PARTNER_SETTING = "activation.partner_id";

    /** Sets {@link #PARTNER_SETTING} for the rest of the transaction; its one parameter is the partner id. */
    public static final String PARTNER = "select set_config('" + PARTNER_SETTING + "', ?, true)";

    /** The caller owns the stream (the web server's response, System.out): flushed, never closed here. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(com.fasterxml.jackson.core.StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    /** One agreement's row. */
    public record Row(String number, String tenant, String state, String administrator, String activatedAt,
                      String mailKind, String mailState, String mailReason) {
    }

    @FunctionalInterface
    interface RowConsumer {
        void accept(Row row) throws IOException;
    }

    private static final java.time.Duration STATEMENT_TIMEOUT = java.time.Duration.ofMinutes(5);
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
                json.writeStringField("activatedAt", row.activatedAt());
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
                    row.activatedAt() == null ? "-" : row.activatedAt(), mail);
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
            // The pool's socket timeout is made for page statements (seconds); the first rows of
            // 100,000 wait for the whole join. The pool puts the short timeout back on return.
            c.setNetworkTimeout(Runnable::run, (int) STATEMENT_TIMEOUT.toMillis());
            c.setAutoCommit(false); // the settings below hold for this transaction only
            c.setReadOnly(true);
            try {
                try (Statement set = c.createStatement()) {
                    for (String setting : SESSION_SETTINGS) {
                        set.execute("set local " + setting);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(PARTNER)) {
                    ps.setString(1, partnerId);
                    ps.execute();
                }
                CopyOutRows.forEach(c, "copy (" + ROWS + ") to stdout", 8, f ->
                        consumer.accept(new Row(f[0], f[1], f[4], f[2], f[3], f[5], f[6], f[7])));
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
