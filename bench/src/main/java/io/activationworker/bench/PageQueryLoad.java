package io.activationworker.bench;

import io.activationworker.activation.ActivationPageDao;
import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The limit for {@code GET /activate/{token}} (issue 18.5): the database doing the page's own
 * lookup, with nothing else. The statement is read from {@link ActivationPageDao} itself (the one
 * query a page view of an open link runs), so it cannot drift from the product's. N threads, each
 * on its own connection with the statement prepared once (server-side from the first execution),
 * look up the same links as the GET run, a different one each time, and read every column.
 *
 * <p>Args: jdbcUrl threads warmUpSeconds seconds sampleLinks (every n-th link, as the GET run's token
 * file). Prints {@code RESULT queries_per_s}, {@code p99_ms}.
 */
public final class PageQueryLoad {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int threads = Integer.parseInt(args[1]);
        int warmUp = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int sample = Integer.parseInt(args[4]);
        String sql = pageQuery();
        List<byte[]> hashes = new ArrayList<>();
        try (Connection c = Db.connect(url)) {
            long step = Math.max(1, Db.count(c, "select count(*) from activation_link") / sample);
            try (PreparedStatement ps = c.prepareStatement(
                    "select token_hash from activation_link where id % ? = 0 and used_at is null order by id")) {
                ps.setLong(1, step);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        hashes.add(rs.getBytes(1));
                    }
                }
            }
        }
        run(url, sql, hashes, threads, warmUp, null);
        Latencies latencies = new Latencies();
        double rate = run(url, sql, hashes, threads, seconds, latencies);
        System.out.printf(Locale.ROOT, "RESULT queries_per_s=%.1f%n", rate);
        System.out.printf(Locale.ROOT, "RESULT p99_ms=%.3f%n", latencies.p99Millis());
        System.out.println("RESULT links=" + hashes.size());
    }

    static String pageQuery() throws ReflectiveOperationException {
        Field f = ActivationPageDao.class.getDeclaredField("FIND_BY_TOKEN_HASH");
        f.setAccessible(true);
        return (String) f.get(null);
    }

    private static double run(String url, String sql, List<byte[]> hashes, int threads, int seconds,
                              Latencies latencies) throws Exception {
        LongAdder done = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < threads; t++) {
            int start = (int) ((long) t * hashes.size() / threads);
            Thread w = new Thread(() -> {
                try (Connection c = Db.connect(url); PreparedStatement ps = c.prepareStatement(sql)) {
                    ready.countDown();
                    go.await();
                    int i = start;
                    while (!stop.get()) {
                        long q0 = System.nanoTime();
                        ps.setBytes(1, hashes.get(i));
                        try (ResultSet rs = ps.executeQuery()) {
                            int columns = rs.getMetaData().getColumnCount();
                            while (rs.next()) {
                                for (int col = 1; col <= columns; col++) {
                                    rs.getObject(col);
                                }
                            }
                        }
                        if (latencies != null) {
                            latencies.add(System.nanoTime() - q0);
                        }
                        done.increment();
                        i = (i + 1) % hashes.size();
                    }
                } catch (Throwable e) {
                    failures.add(e);
                    ready.countDown();
                }
            });
            w.start();
            workers.add(w);
        }
        ready.await();
        long t0 = System.nanoTime();
        go.countDown();
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        long elapsed = System.nanoTime() - t0;
        for (Thread w : workers) {
            w.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a query thread failed", failures.get(0));
        }
        return done.sum() / (elapsed / 1e9);
    }

    /** Query latencies in 10 µs buckets up to 1 s (the last bucket takes the rest). */
    private static final class Latencies {
        private final java.util.concurrent.atomic.AtomicLongArray buckets = new java.util.concurrent.atomic.AtomicLongArray(100_001);

        void add(long nanos) {
            buckets.incrementAndGet((int) Math.min(nanos / 10_000, 100_000));
        }

        double p99Millis() {
            long total = 0;
            for (int i = 0; i < buckets.length(); i++) {
                total += buckets.get(i);
            }
            long seen = 0;
            for (int i = 0; i < buckets.length(); i++) {
                seen += buckets.get(i);
                if (seen >= total * 0.99) {
                    return (i + 1) * 0.01;
                }
            }
            return Double.NaN;
        }
    }
}
