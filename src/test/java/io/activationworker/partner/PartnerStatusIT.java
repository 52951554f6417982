package io.activationworker.partner;

import io.activationworker.db.Database;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.activationworker.Main;
import io.activationworker.testing.Feeds;
import io.activationworker.testing.TestApp;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The per-agreement view, over HTTP and on the command line, for one agreement and for 100,000. */
class PartnerStatusIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BULK = 100_000;

    private static TestApp app;

    @BeforeAll
    static void start() {
        app = TestApp.start(Map.of(), Clock.systemUTC(), false, true);
        // Statements of seconds: the bulk socket timeout (Database.bulk), not the pages' 4 s.
        Database.bulk(() -> app.services.database().jdbi().withHandle(h -> {
            h.execute("insert into partner (id, name) values ('bulk-partner', 'Bulk Partner')");
            h.execute("""
                    insert into agreement (number, partner_id, tenant_id, customer_name, admin_name, admin_email, locale,
                                           source_file, source_line, fingerprint)
                    select 'V' || lpad(n::text, 7, '0'), 'bulk-partner', 'customer' || n || '.example', 'Customer ' || n,
                           'Admin ' || n, 'admin' || n || '@customer' || n || '.example', 'en', 'bulk.yaml', n, 'x'
                      from generate_series(1, ?) n
                    """, BULK);
            h.execute("""
                    insert into outbox_message (message_id, kind, recipient_email, locale, payload, agreement_number, state)
                    select '<' || n || '@bulk.example>', 'activation_link', 'admin' || n || '@customer' || n || '.example',
                           'en', '{}', 'V' || lpad(n::text, 7, '0'), 'sent'
                      from generate_series(1, ?) n
                    """, BULK);
            // Every tenth agreement accepted: its link used and an acceptance recorded.
            h.execute("""
                    insert into activation_link (token_hash, token_sealed, agreement_number, recipient_email, created_at,
                                                 expires_at, used_at)
                    select sha256(n::text::bytea), null, 'V' || lpad(n::text, 7, '0'), 'admin@x.example', now(),
                           now() + interval '30 days', now()
                      from generate_series(1, ?, 10) n
                    """, BULK);
            h.execute("""
                    insert into acceptance (link_id, agreement_number, admin_email, terms_version, terms_sha256, accepted_at,
                                            remote_address, user_agent, key_ids)
                    select id, agreement_number, recipient_email, '2026-01', 'x', now(), '127.0.0.1', 'test', '{}'
                      from activation_link
                    """);
            h.execute("analyze");
            return null;
        }));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void one_hundred_thousand_agreements_are_streamed_in_one_chunked_answer() throws Exception {
        String token = app.services.partnerTokens().issue("bulk-partner");
        long cold = timedGet(token).millis; // the first request also warms the JIT and PostgreSQL's caches
        Timed warm = timedGet(token);
        long started = System.nanoTime();
        new AgreementStatusRows(app.services.database().dataSource()).writeJson("bulk-partner", OutputStream.nullOutputStream());
        long queryAndJson = (System.nanoTime() - started) / 1_000_000;
        System.out.println("partner-status: " + BULK + " agreements: first request " + cold + " ms, second " + warm.millis
                + " ms (first byte after " + warm.firstByteMillis + " ms); query and JSON alone " + queryAndJson + " ms");

        assertThat(warm.status).isEqualTo(200);
        assertThat(warm.contentLength).isEmpty(); // chunked: streamed, not built whole
        assertThat(warm.rows).hasSize(BULK);
        assertThat(warm.rows.get(0).get("state").asText()).isEqualTo("activated");
        assertThat(warm.rows.get(1).get("state").asText()).isEqualTo("pending");
        assertThat(warm.rows.get(1).get("lastMail").get("state").asText()).isEqualTo("sent");
        // Issue 14.6: no wall-clock bound here. Streamed is shown by the chunked answer above; how fast
        // (the 2 s target) is measured by bench/run's partner-status scenario, against a baseline.
    }

    private record Timed(int status, java.util.Optional<String> contentLength, JsonNode rows, long millis,
                         long firstByteMillis) {
    }

    private static Timed timedGet(String token) throws Exception {
        long started = System.nanoTime();
        HttpResponse<java.io.InputStream> response = app.http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(app.baseUrl + "/partner/agreements"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofInputStream());
        long firstByte = (System.nanoTime() - started) / 1_000_000;
        JsonNode rows;
        try (var body = response.body()) {
            rows = JSON.readTree(body);
        }
        return new Timed(response.statusCode(), response.headers().firstValue("Content-Length"), rows,
                (System.nanoTime() - started) / 1_000_000, firstByte);
    }

    @Test
    void status_partner_prints_the_same_rows_as_the_api() throws Exception {
        app.importFeed("northwind.yaml", Feeds.standard());
        String json = run("status", "--partner", "northwind-partners", "--json");
        JsonNode rows = JSON.readTree(json);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("number").asText()).isEqualTo("V1234567");
        assertThat(rows.get(0).get("state").asText()).isEqualTo("pending");
        assertThat(rows.get(0).get("administrator").asText()).isEqualTo("anna@fabrikam.example");
        assertThat(rows.get(0).get("lastMail").get("kind").asText()).isEqualTo("activation_link");

        String text = run("status", "--partner", "northwind-partners");
        assertThat(text).contains("AGREEMENT").containsPattern("V1234567 +pending +anna@fabrikam.example");

        String[] unknown = {"status", "--partner", "nobody", "--config", app.dir.resolve("activation.properties").toString()};
        assertThat(Main.execute(unknown)).isEqualTo(1);

        String many = run("status", "--partner", "bulk-partner", "--json");
        assertThat(JSON.readTree(many)).hasSize(BULK);
    }

    @Test
    void values_are_escaped_and_times_read_back_as_stored() throws Exception {
        // A relay's reason may carry quotes, backslashes and control characters; PostgreSQL writes the JSON.
        String reason = "550 5.1.1 <b\"ob\\x@fabrikam.example>: unknown\tuser \u00e9";
        app.services.database().jdbi().useHandle(h -> h.execute("""
                update outbox_message set state = 'failed', last_error = ? where agreement_number = 'V0000003'
                """, reason));
        Instant accepted = app.services.database().jdbi().withHandle(h -> h.createQuery(
                "select max(accepted_at) from acceptance where agreement_number = 'V0000001'").mapTo(Instant.class).one());

        JsonNode rows = JSON.readTree(run("status", "--partner", "bulk-partner", "--json"));
        assertThat(Instant.parse(rows.get(0).get("activatedAt").asText())).isEqualTo(accepted);
        assertThat(rows.get(2).get("activatedAt").isNull()).isTrue();
        assertThat(rows.get(2).get("lastMail").get("state").asText()).isEqualTo("failed");
        assertThat(rows.get(2).get("lastMail").get("reason").asText()).isEqualTo(reason);
        assertThat(rows.get(3).get("lastMail").get("reason").isNull()).isTrue();

        String text = run("status", "--partner", "bulk-partner");
        assertThat(text.lines().skip(3).findFirst().orElseThrow())
                .startsWith("V0000003     pending        admin3@customer3.example")
                .endsWith("activation_link failed (" + reason + ")");
    }

    private static String run(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = app.dir.resolve("activation.properties").toString();
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        synchronized (PartnerStatusIT.class) {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            try {
                assertThat(Main.execute(all)).isZero();
            } finally {
                System.setOut(original);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
