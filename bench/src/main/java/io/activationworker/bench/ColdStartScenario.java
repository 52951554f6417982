package io.activationworker.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 18.7: a fresh {@code run} (as README starts it: {@code java @config/jvm.options -jar}) on a
 * 10,000-agreement feed in its feed folder, from process start to the last mail smtp-sink accepted
 * (the last acknowledgement, {@code sent_at}), against the same process once warm: three more
 * partners' feeds of 10,000 dropped into the folder one after the other, each timed from the moment
 * the file appears to its last acknowledgement. The warm figure is the last round's.
 */
final class ColdStartScenario {

    private static final int ROUNDS = 3;

    private final BenchContext ctx;
    private final Bench bench;
    private final Table table;

    ColdStartScenario(BenchContext ctx, Bench bench, Table table) {
        this.ctx = ctx;
        this.bench = bench;
        this.table = table;
    }

    void run() throws Exception {
        int n = ctx.scale(10_000, 2_000);
        String url = bench.createDatabase("coldstart");
        Path feeds = ctx.work().resolve("coldstart-feeds");
        Files.createDirectories(feeds);
        FeedGenerator.write(feeds.resolve("partner-a.yaml"), "bench-cold-a", n, 11, "A");
        Map<String, String> env = bench.env(url, ctx.smtpSinkPort(), Bench.freePort(), "coldstart");
        env.put("ACTIVATION_FEED_DIR", feeds.toString());
        env.put("ACTIVATION_FEED_POLL_SECONDS", "1");
        double cold;
        double coldFromFirstRow;
        List<double[]> warm = new ArrayList<>();
        try (Connection c = Db.connect(url)) {
            long started = System.currentTimeMillis();
            try (ProductProcess run = ProductProcess.product(ctx, "coldstart-run", List.of(), env, "run")) {
                double[] first = awaitSent(c, run, "A", n, started);
                cold = first[0];
                coldFromFirstRow = first[1];
                for (int round = 1; round <= ROUNDS; round++) {
                    String prefix = Character.toString('A' + round);
                    Path tmp = FeedGenerator.write(ctx.work().resolve("feeds/cold-" + prefix + ".yaml"),
                            "bench-cold-" + prefix.toLowerCase(Locale.ROOT), n, 11 + round, prefix);
                    long dropped = System.currentTimeMillis();
                    Files.move(tmp, feeds.resolve("partner-" + prefix.toLowerCase(Locale.ROOT) + ".yaml"),
                            StandardCopyOption.ATOMIC_MOVE);
                    warm.add(awaitSent(c, run, prefix, n, dropped));
                }
            }
        }
        double[] last = warm.get(warm.size() - 1);
        StringBuilder rounds = new StringBuilder();
        for (double[] w : warm) {
            rounds.append(rounds.length() == 0 ? "" : ", ").append(Table.num(w[0], 2)).append(" s");
        }
        table.add(String.format(Locale.ROOT, "Cold start: fresh `run` on a %,d-agreement feed, process start → last"
                        + " mail accepted by smtp-sink", n),
                Table.num(cold, 2) + " s", "the same process warm, a new feed of " + String.format(Locale.ROOT, "%,d", n)
                        + ": " + Table.num(last[0], 2) + " s (rounds " + rounds + ")",
                Table.ratio(cold / last[0]), "≤ 2", cold / last[0] <= 2);
        table.note(String.format(Locale.ROOT, "Cold start: warm rounds are timed from the moment the feed file"
                + " appears (feed.poll-seconds=1, so up to 1 s of it is the watcher's poll); from the first queued"
                + " row to the last acknowledgement: cold %.2f s (after %.2f s of start-up, migrations and reading"
                + " the feed), warm %.2f s.", coldFromFirstRow, cold - coldFromFirstRow, last[1]));
    }

    /**
     * Waits until every message of the agreements numbered {@code prefix…} is sent; returns seconds
     * from {@code sinceMillis} to the last acknowledgement, and from the first row queued to it.
     */
    private static double[] awaitSent(Connection c, ProductProcess run, String prefix, int n, long sinceMillis)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        // A fresh process migrates the schema first: until then there is no outbox to ask.
        while (Db.count(c, "select count(*) from pg_tables where tablename = 'outbox_message'") == 0) {
            if (!run.alive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("no schema; see " + run.log());
            }
            Bench.sleep(20);
        }
        try (PreparedStatement count = c.prepareStatement("""
                select count(*) filter (where state = 'sent'), count(*) filter (where state = 'failed')
                  from outbox_message where agreement_number like ?""");
             PreparedStatement times = c.prepareStatement("""
                     select extract(epoch from max(sent_at)) * 1000, extract(epoch from min(created_at)) * 1000
                       from outbox_message where agreement_number like ?""")) {
            count.setString(1, prefix + "%");
            times.setString(1, prefix + "%");
            while (true) {
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    if (rs.getLong(2) > 0) {
                        throw new IllegalStateException(rs.getLong(2) + " messages failed; see " + run.log());
                    }
                    if (rs.getLong(1) >= n) {
                        break;
                    }
                }
                if (!run.alive()) {
                    throw new IllegalStateException("run ended; see " + run.log());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not all sent after 10 minutes; see " + run.log());
                }
                Bench.sleep(50);
            }
            try (ResultSet rs = times.executeQuery()) {
                rs.next();
                double lastAck = rs.getDouble(1);
                double firstRow = rs.getDouble(2);
                return new double[] {(lastAck - sinceMillis) / 1000, (lastAck - firstRow) / 1000};
            }
        }
    }
}
