package io.activationworker.partner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.activationworker.testing.BulkFeed;
import io.activationworker.testing.Feeds;
import io.activationworker.testing.TestApp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PUT /partner/feeds/{name} over real HTTP into a real database, with real tokens. */
class PartnerApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestApp app;
    private String token;

    @BeforeEach
    void start() {
        app = TestApp.start(Map.of("feed.max-bytes", "400000"), Clock.systemUTC(), true, true);
        token = app.services.partnerTokens().issue("northwind-partners");
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private HttpResponse<String> put(String name, String body, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.baseUrl + "/partner/feeds/" + name))
                .PUT(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return app.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> getAgreements(TestApp app, String bearer) throws IOException, InterruptedException {
        return app.http.send(HttpRequest.newBuilder(URI.create(app.baseUrl + "/partner/agreements"))
                .header("Authorization", "Bearer " + bearer).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_good_feed_is_imported_and_answered_with_its_report() throws Exception {
        HttpResponse<String> r = put("northwind.yaml", Feeds.standard(), token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode report = JSON.readTree(r.body());
        assertThat(report.get("partner").asText()).isEqualTo("northwind-partners");
        assertThat(report.get("new").asInt()).isEqualTo(1);
        assertThat(report.get("changed").asInt()).isZero();
        assertThat(report.get("unchanged").asInt()).isZero();
        assertThat(report.get("rejected")).isEmpty();
        assertThat(app.text("select source_file from agreement where number = 'V1234567'")).isEqualTo("api/northwind.yaml");
        assertThat(app.awaitMessages(1).get(0).getAllRecipients()[0].toString()).contains("<anna@fabrikam.example>");
    }

    @Test
    void the_same_body_twice_changes_and_sends_nothing_the_second_time() throws Exception {
        assertThat(put("northwind.yaml", Feeds.standard(), token).statusCode()).isEqualTo(200);
        app.awaitMessages(1);
        HttpResponse<String> again = put("northwind.yaml", Feeds.standard(), token);
        assertThat(again.statusCode()).isEqualTo(200);
        JsonNode report = JSON.readTree(again.body());
        assertThat(report.get("new").asInt()).isZero();
        assertThat(report.get("unchanged").asInt()).isEqualTo(1);
        assertThat(app.count("select count(*) from outbox_message")).isEqualTo(1);
        assertThat(app.count("select count(*) from activation_link")).isEqualTo(1);
    }

    @Test
    void one_bad_agreement_among_a_thousand_is_rejected_with_its_line_and_the_rest_imported() throws Exception {
        String feed = BulkFeed.yaml("northwind-partners", 1, 1000)
                .replace("email: " + BulkFeed.email(500), "email: not-an-address");
        HttpResponse<String> r = put("bulk.yaml", feed, token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        JsonNode report = JSON.readTree(r.body());
        assertThat(report.get("new").asInt()).isEqualTo(999);
        assertThat(report.get("rejected")).hasSize(1);
        JsonNode rejected = report.get("rejected").get(0);
        assertThat(rejected.get("agreement").asText()).isEqualTo("V0000500");
        assertThat(rejected.get("line").asInt()).isEqualTo(3 + 499 * 6 + 1);
        assertThat(rejected.get("reason").asText()).contains("not a valid email address");
        assertThat(app.count("select count(*) from agreement")).isEqualTo(999);
    }

    @Test
    void an_unreadable_file_is_400_and_changes_nothing() throws Exception {
        HttpResponse<String> r = put("northwind.yaml", Feeds.standard().replace("agreements:", "agreements: ["), token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("error").asText()).startsWith("not valid YAML");
        assertThat(body.get("line").asInt()).isPositive();
        assertThat(app.count("select count(*) from agreement")).isZero();
    }

    @Test
    void a_missing_wrong_or_revoked_token_is_401() throws Exception {
        assertThat(put("northwind.yaml", Feeds.standard(), null).statusCode()).isEqualTo(401);
        assertThat(put("northwind.yaml", Feeds.standard(), "awp_" + "A".repeat(43)).statusCode()).isEqualTo(401);
        assertThat(put("northwind.yaml", Feeds.standard(), token + "x").statusCode()).isEqualTo(401);
        assertThat(getAgreements(app, "nonsense").statusCode()).isEqualTo(401);
        app.services.partnerTokens().revoke("northwind-partners");
        HttpResponse<String> revoked = put("northwind.yaml", Feeds.standard(), token);
        assertThat(revoked.statusCode()).isEqualTo(401);
        assertThat(revoked.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(app.count("select count(*) from agreement")).isZero();
    }

    @Test
    void the_partner_commands_print_a_token_once_and_revoke_it() throws Exception {
        String printed = run("partner", "token", "northwind-partners").trim();
        assertThat(printed).startsWith("awp_");
        assertThat(app.count("select count(*) from partner_token where revoked_at is null")).isEqualTo(2);
        long stored = app.jdbi().withHandle(h -> h.createQuery("select count(*) from partner_token where token_hash = "
                + "sha256(convert_to(:t, 'UTF8'))").bind("t", printed.substring(4)).mapTo(Long.class).one());
        assertThat(stored).as("the token is stored as its SHA-256, never in clear").isEqualTo(1);
        assertThat(put("northwind.yaml", Feeds.standard(), printed).statusCode()).isEqualTo(200);
        assertThat(run("partner", "revoke", "northwind-partners")).contains("2 tokens revoked");
        assertThat(put("northwind.yaml", Feeds.standard(), printed).statusCode()).isEqualTo(401);
        assertThat(put("northwind.yaml", Feeds.standard(), token).statusCode()).isEqualTo(401);
    }

    /** Runs a command in this JVM against the app's configuration and returns what it printed. */
    private String run(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = app.dir.resolve("activation.properties").toString();
        java.io.PrintStream original = System.out;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        synchronized (PartnerApiIT.class) {
            System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
            try {
                assertThat(io.activationworker.Main.execute(all)).isZero();
            } finally {
                System.setOut(original);
            }
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void a_token_never_writes_another_partners_feed() throws Exception {
        String contosoToken = app.services.partnerTokens().issue("contoso-reseller");
        HttpResponse<String> r = put("northwind.yaml", Feeds.standard(), contosoToken);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(JSON.readTree(r.body()).get("error").asText()).contains("northwind-partners");
        assertThat(app.count("select count(*) from agreement")).isZero();
        assertThat(app.count("select count(*) from product_key")).isZero();
    }

    @Test
    void a_body_over_feed_max_bytes_is_413_and_changes_nothing() throws Exception {
        String big = BulkFeed.yaml("northwind-partners", 1, 2000); // about 600 kB > 400,000 bytes
        HttpResponse<String> r = put("big.yaml", big, token);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(app.count("select count(*) from agreement")).isZero();
    }

    @Test
    void the_partner_reads_its_agreements_and_no_one_elses() throws Exception {
        put("northwind.yaml", Feeds.standard(), token);
        app.importFeed("contoso.yaml", BulkFeed.yaml("contoso-reseller", 9000, 3));
        HttpResponse<String> r = getAgreements(app, token);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode rows = JSON.readTree(r.body());
        assertThat(rows).hasSize(1);
        JsonNode row = rows.get(0);
        assertThat(row.get("number").asText()).isEqualTo("V1234567");
        assertThat(row.get("tenant").asText()).isEqualTo("fabrikam.example");
        assertThat(row.get("state").asText()).isEqualTo("pending");
        assertThat(row.get("administrator").asText()).isEqualTo("anna@fabrikam.example");
        assertThat(row.get("activatedAt").isNull()).isTrue();
        assertThat(row.get("lastMail").get("kind").asText()).isEqualTo("activation_link");
    }
}
