package io.activationworker.bench;

import io.activationworker.Services;
import io.activationworker.config.AppConfig;
import io.activationworker.config.ConfigLoader;
import io.activationworker.feed.FeedDocument;
import io.activationworker.feed.ImportReport;
import io.activationworker.ops.StatusCounts;
import io.activationworker.ops.StatusQueries;
import io.activationworker.outbox.DeliveryDao;
import io.activationworker.outbox.OutboxMessage;
import io.activationworker.partner.AgreementStatusRows;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/**
 * One size of the growth scenario, in-process on the product's own classes: import of a generated
 * feed, re-import of the unchanged feed, the {@code status} counts, the per-agreement view behind
 * {@code status --partner} and {@code GET /partner/agreements}, the outbox claim with every message
 * queued, and the database's size. Timings are the product's statements (no JVM start-up), so the
 * figure per agreement can be compared across sizes. Prints EXPLAIN (ANALYZE, BUFFERS) of the claim
 * and of the heaviest status count for the notes.
 *
 * <p>A fresh JVM compiles for seconds (NOTES.md §19), which would be most of a small size's import:
 * the same steps run first, untimed, on a warm-up feed in a database of their own.
 *
 * <p>Configured like the product (ACTIVATION_* variables). Args: feedFile partnerId warmUpFeed warmUpDbUrl
 */
public final class GrowthDriver {

    private static final int CLAIM_ROUNDS = 30;
    private static final int CLAIM_BATCH = 50;

    public static void main(String[] args) throws Exception {
        Path feed = Path.of(args[0]);
        String partner = args[1];
        Map<String, String> warmUpEnv = new HashMap<>(System.getenv());
        warmUpEnv.put("ACTIVATION_DB_URL", args[3]);
        AppConfig warmUpConfig = new ConfigLoader(warmUpEnv).load(Path.of("config/activation.properties"));
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            run(warmUpConfig, Path.of(args[2]), "bench-warm-up");
        } finally {
            System.setOut(out);
        }
        run(ConfigLoader.fromFile(Path.of("config/activation.properties")), feed, partner);
    }

    private static void run(AppConfig config, Path feed, String partner) throws Exception {
        try (Services services = Services.open(config, 4)) {
            long t0 = System.nanoTime();
            FeedDocument doc = services.feedReader().read(feed);
            ImportReport first = services.feedImporter().importDocument(doc);
            long t1 = System.nanoTime();
            doc = null;
            result("agreements", first.agreementsNew());
            result("rejected", first.rejections().size());
            result("import_s", (t1 - t0) / 1e9);

            long t2 = System.nanoTime();
            ImportReport again = services.feedImporter().importDocument(services.feedReader().read(feed));
            long t3 = System.nanoTime();
            result("reimport_s", (t3 - t2) / 1e9);
            result("reimport_written", again.agreementsNew() + again.agreementsChanged());

            DataSource ds = services.database().dataSource();
            // Plain connections (no pool socket timeout of a few seconds) for what is not the product's own path.
            String url = config.dbUrl().orElseThrow();
            try (Connection c = Db.connect(url); Statement s = c.createStatement()) {
                s.execute("vacuum analyze"); // as autovacuum would have by the time anyone asks
            }
            double[] status = new double[3];
            for (int i = 0; i < status.length; i++) {
                long s0 = System.nanoTime();
                try (Connection c = Db.connect(url)) {
                    StatusCounts.read(new StatusQueries(c));
                }
                status[i] = (System.nanoTime() - s0) / 1e9;
            }
            result("status_s", median(status));

            AgreementStatusRows rows = new AgreementStatusRows(ds);
            double[] partnerRows = new double[3];
            for (int i = 0; i < partnerRows.length; i++) {
                long p0 = System.nanoTime();
                rows.writeJson(partner, OutputStream.nullOutputStream());
                partnerRows[i] = (System.nanoTime() - p0) / 1e9;
            }
            result("partner_rows_s", median(partnerRows));

            DeliveryDao delivery = new DeliveryDao(ds);
            double[] claims = new double[CLAIM_ROUNDS];
            for (int i = 0; i < CLAIM_ROUNDS; i++) {
                long c0 = System.nanoTime();
                List<OutboxMessage> claimed = delivery.claimDue("bench-growth", CLAIM_BATCH, 60);
                claims[i] = (System.nanoTime() - c0) / 1e6;
                if (claimed.size() != CLAIM_BATCH) {
                    throw new IllegalStateException("claimed " + claimed.size() + " of " + CLAIM_BATCH);
                }
                delivery.release(claimed.stream().mapToLong(OutboxMessage::id).toArray(), "bench-growth");
            }
            Arrays.sort(claims);
            result("claim_median_ms", claims[CLAIM_ROUNDS / 2]);
            result("claim_max_ms", claims[CLAIM_ROUNDS - 1]);

            try (Connection c = Db.connect(url); Statement s = c.createStatement()) {
                explain(s, "claim", """
                        select id from outbox_message where state = 'queued' and next_attempt_at <= now()
                         order by next_attempt_at limit 50 for update skip locked""");
                explain(s, "status-oldest-queued", """
                        select coalesce(extract(epoch from now() - min(created_at)), 0)::bigint
                          from outbox_message where state in ('queued', 'sending')""");
                explain(s, "status-pending-retries", """
                        select coalesce(sum(attempts), 0) from outbox_message
                         where state in ('queued', 'sending') and attempts > 0""");
                explain(s, "status-undeliverable", "select count(*) from agreement where undeliverable_at is not null");
                // The per-agreement view's own statement, the partner set for the session (autocommit here).
                s.execute("set jit = off");
                try (PreparedStatement p = c.prepareStatement("select set_config(?, ?, false)")) {
                    p.setString(1, AgreementStatusRows.PARTNER_SETTING);
                    p.setString(2, partner);
                    p.execute();
                }
                explain(s, "partner-rows", partnerRowsQuery());
                try (ResultSet rs = s.executeQuery("select pg_database_size(current_database())")) {
                    rs.next();
                    result("db_bytes", rs.getLong(1));
                }
            }
        }
    }

    private static void explain(Statement s, String name, String sql) throws Exception {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = s.executeQuery("explain (analyze, buffers) " + sql)) {
            while (rs.next()) {
                plan.append("PLAN ").append(name).append(": ").append(rs.getString(1)).append('\n');
            }
        }
        System.out.print(plan);
    }

    static String partnerRowsQuery() {
        return AgreementStatusRows.ROWS;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void result(String key, Object value) {
        System.out.println("RESULT " + key + "=" + value);
    }
}
