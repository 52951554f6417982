package io.activationworker.bench;

import io.activationworker.Services;
import io.activationworker.config.AppConfig;
import io.activationworker.config.ConfigLoader;
import io.activationworker.db.Database;
import io.activationworker.feed.FeedDocument;
import io.activationworker.feed.ImportReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The import scenario, run in a JVM with -Xmx256m: the product's reader and importer on a
 * generated feed (first import, then the unchanged re-import), and the baseline: the same rows
 * written with batched JDBC inserts (1,000 agreements per transaction) into a fresh database.
 *
 * <p>Configured like the product ({@code config/activation.properties} and ACTIVATION_* variables).
 * Args: feedFile baselineJdbcUrl
 */
public final class ImportBench {

    public static void main(String[] args) throws Exception {
        LiveHeap liveHeap = LiveHeap.watch();
        Path feed = Path.of(args[0]);
        String baselineUrl = args[1];
        AppConfig config = ConfigLoader.fromFile(Path.of("config/activation.properties"));
        try (Services services = Services.open(config, 4)) {
            long t0 = System.nanoTime();
            FeedDocument doc = services.feedReader().read(feed);
            long t1 = System.nanoTime();
            ImportReport first = services.feedImporter().importDocument(doc);
            long t2 = System.nanoTime();
            doc = null;
            System.out.println("RESULT agreements=" + first.agreementsNew());
            System.out.println("RESULT rejected=" + first.rejections().size());
            System.out.println("RESULT read_s=" + (t1 - t0) / 1e9);
            System.out.println("RESULT store_s=" + (t2 - t1) / 1e9);
            System.out.println("RESULT import_s=" + (t2 - t0) / 1e9);

            long t3 = System.nanoTime();
            ImportReport again = services.feedImporter().importDocument(services.feedReader().read(feed));
            long t4 = System.nanoTime();
            System.out.println("RESULT reimport_s=" + (t4 - t3) / 1e9);
            System.out.println("RESULT reimport_unchanged=" + again.agreementsUnchanged());
            System.out.println("RESULT reimport_written=" + (again.agreementsNew() + again.agreementsChanged()));
        }
        int agreements = (int) Files.lines(feed).filter(l -> l.startsWith("  - number:")).count();
        Database.connect(baselineUrl, "postgres", "", 2).close(); // the product's schema, migrated
        double baseline = batchedInserts(baselineUrl, agreements);
        System.out.println("RESULT baseline_s=" + baseline);
        System.out.println("RESULT peak_live_heap_mib=" + liveHeap.peakMiB());
        System.out.println("RESULT max_heap_mib=" + Runtime.getRuntime().maxMemory() / 1024 / 1024);
    }

    /** The rows a first import writes per agreement: agreement, key, link, link-key, outbox message. */
    static double batchedInserts(String url, int agreements) throws Exception {
        SecureRandom random = new SecureRandom();
        String payload = """
                {"agreementNumber":"%s","customerName":"Customer %s NV","tenant":"%s","partnerName":"Bench Partner BV",\
                "products":[{"product":"Microsoft 365 Business Premium","seats":25,"termMonths":12}],\
                "adminName":"Admin %s","sealed:link":"%s","linkExpires":"2027-01-01"}""";
        Instant now = Instant.now();
        long started = System.nanoTime();
        try (Connection c = Db.connect(url + "?reWriteBatchedInserts=true")) {
            c.setAutoCommit(false);
            try (PreparedStatement partner = c.prepareStatement("insert into partner (id, name) values ('baseline', 'Baseline BV')")) {
                partner.executeUpdate();
            }
            PreparedStatement agreement = c.prepareStatement("""
                    insert into agreement (number, partner_id, tenant_id, customer_name, admin_name, admin_email,
                                           locale, source_file, source_line, fingerprint)
                    values (?, 'baseline', ?, ?, ?, ?, ?, 'feed.yaml', ?, ?)""");
            PreparedStatement key = c.prepareStatement("""
                    insert into product_key (id, key_hash, last_five, product, seats, term_months, channel, partner_id,
                                             agreement_number)
                    values (?, ?, ?, 'Microsoft 365 Business Premium', 25, 12, 'open', 'baseline', ?)""");
            PreparedStatement link = c.prepareStatement("""
                    insert into activation_link (id, token_hash, token_sealed, agreement_number, recipient_email,
                                                 recipient_name, created_at, expires_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?)""");
            PreparedStatement linkKey = c.prepareStatement("insert into activation_link_key (link_id, key_id) values (?, ?)");
            PreparedStatement outbox = c.prepareStatement("""
                    insert into outbox_message (message_id, kind, recipient_email, recipient_name, locale, payload,
                                                agreement_number)
                    values (?, 'activation_link', ?, ?, ?, cast(? as jsonb), ?)""");
            for (int i = 1; i <= agreements; i++) {
                String n = String.format("%07d", i);
                String number = "B" + n;
                String tenant = "customer" + n + ".example";
                String email = "admin" + n + "@" + tenant;
                agreement.setString(1, number);
                agreement.setString(2, tenant);
                agreement.setString(3, "Customer " + n + " NV");
                agreement.setString(4, "Admin " + n);
                agreement.setString(5, email);
                agreement.setString(6, i % 2 == 0 ? "nl" : "en");
                agreement.setInt(7, i + 3);
                agreement.setString(8, HexFormat.of().formatHex(bytes(random, 32)));
                agreement.addBatch();
                key.setLong(1, i);
                key.setBytes(2, bytes(random, 32));
                key.setString(3, "BCDFG");
                key.setString(4, number);
                key.addBatch();
                link.setLong(1, i);
                link.setBytes(2, bytes(random, 32));
                link.setString(3, Base64.getEncoder().encodeToString(bytes(random, 71)));
                link.setString(4, number);
                link.setString(5, email);
                link.setString(6, "Admin " + n);
                link.setTimestamp(7, Timestamp.from(now));
                link.setTimestamp(8, Timestamp.from(now.plus(30, ChronoUnit.DAYS)));
                link.addBatch();
                linkKey.setLong(1, i);
                linkKey.setLong(2, i);
                linkKey.addBatch();
                outbox.setString(1, "<" + java.util.UUID.randomUUID() + "@bench.example>");
                outbox.setString(2, email);
                outbox.setString(3, "Admin " + n);
                outbox.setString(4, i % 2 == 0 ? "nl" : "en");
                outbox.setString(5, payload.formatted(number, n, tenant, n,
                        Base64.getEncoder().encodeToString(bytes(random, 110))));
                outbox.setString(6, number);
                outbox.addBatch();
                if (i % 1000 == 0 || i == agreements) {
                    agreement.executeBatch();
                    key.executeBatch();
                    link.executeBatch();
                    linkKey.executeBatch();
                    outbox.executeBatch();
                    c.commit();
                }
            }
        }
        return (System.nanoTime() - started) / 1e9;
    }

    private static byte[] bytes(SecureRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
