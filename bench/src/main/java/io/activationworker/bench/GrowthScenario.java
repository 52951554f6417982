package io.activationworker.bench;

import io.activationworker.key.KeyHasher;
import io.activationworker.key.KeySecret;
import io.activationworker.key.TokenSealer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Issue 18.4 and 18.5: how the product's costs grow from 10,000 to 1,000,000 agreements (a
 * generated feed, one key each, one partner), and {@code GET /activate/{token}} against the
 * database doing the page's own query. Per size, on a fresh database: import and re-import
 * ({@link GrowthDriver}, in-process), the {@code status} and {@code status --partner} commands
 * (whole processes, and their statements in-process), {@code GET /partner/agreements} on
 * {@code serve}, the outbox claim with every message queued, GET /activate with wrk, the page's
 * query over JDBC from 32 threads ({@link PageQueryLoad}), and {@code pg_database_size}.
 */
final class GrowthScenario {

    private static final String PARTNER = "bench-growth";
    /** GET /activate samples this many links, spread evenly over the table (every link at 1 M is not needed). */
    private static final int GET_LINKS = 20_000;
    private static final int BASELINE_THREADS = 32;

    /** One size's figures. */
    record Size(int agreements, Map<String, String> driver, double statusCommandS, double partnerCommandS,
                double partnerApiS, long partnerApiBytes, Wrk.Result get, double pageQueriesPerS, double pageQueryP99) {

        double perAgreementMicros(String key) {
            return Double.parseDouble(driver.get(key)) * 1e6 / agreements;
        }
    }

    private final BenchContext ctx;
    private final Bench bench;
    private final Table table;

    GrowthScenario(BenchContext ctx, Bench bench, Table table) {
        this.ctx = ctx;
        this.bench = bench;
        this.table = table;
    }

    /** {@code growth}: three sizes, the curve as rows, and the GET ratio at every size. */
    void growth() throws Exception {
        int[] sizes = ctx.quick() ? new int[] {1_000, 10_000} : sizeList(); // CI-sized: the curve's start only
        List<Size> measured = new ArrayList<>();
        for (int n : sizes) {
            Size s = measure(n);
            measured.add(s);
            table.add(String.format(Locale.ROOT, "Growth %,d agreements: import / re-import per agreement", n),
                    String.format(Locale.ROOT, "%.0f µs / %.0f µs (%.1f s / %.1f s)", s.perAgreementMicros("import_s"),
                            s.perAgreementMicros("reimport_s"), d(s.driver, "import_s"), d(s.driver, "reimport_s")),
                    "", "", "", null);
            table.add(String.format(Locale.ROOT, "Growth %,d: status / status --partner / GET /partner/agreements", n),
                    String.format(Locale.ROOT, "statements %.3f s, command %.2f s / rows %.2f s, command %.2f s"
                                    + " / %.2f s (%,d bytes)", d(s.driver, "status_s"), s.statusCommandS,
                            d(s.driver, "partner_rows_s"), s.partnerCommandS, s.partnerApiS, s.partnerApiBytes),
                    "", "", "", null);
            table.add(String.format(Locale.ROOT, "Growth %,d: claim of 50 with all queued; GET /activate; database", n),
                    String.format(Locale.ROOT, "claim median %.2f ms (max %.2f); GET %s, p99 %.1f ms; %,d MiB",
                            d(s.driver, "claim_median_ms"), d(s.driver, "claim_max_ms"),
                            Table.rate(s.get.requestsPerSecond(), "req/s"), s.get.p99Millis(),
                            Long.parseLong(s.driver.get("db_bytes")) / (1024 * 1024)),
                    "", "", "", null);
            addGetRow(s);
        }
        Size small = measured.get(0);
        Size large = measured.get(measured.size() - 1);
        growthRow("import per agreement", small, large, small.perAgreementMicros("import_s"),
                large.perAgreementMicros("import_s"));
        growthRow("re-import per agreement", small, large, small.perAgreementMicros("reimport_s"),
                large.perAgreementMicros("reimport_s"));
        growthRow("status statements per agreement", small, large, small.perAgreementMicros("status_s"),
                large.perAgreementMicros("status_s"));
        growthRow("status --partner rows per agreement", small, large, small.perAgreementMicros("partner_rows_s"),
                large.perAgreementMicros("partner_rows_s"));
        growthRow("GET /partner/agreements per agreement", small, large, small.partnerApiS / small.agreements,
                large.partnerApiS / large.agreements);
        growthRow("outbox claim (50 rows)", small, large, d(small.driver, "claim_median_ms"),
                d(large.driver, "claim_median_ms"));
        growthRow("GET /activate p99", small, large, small.get.p99Millis(), large.get.p99Millis());
        growthRow("database bytes per agreement", small, large,
                Double.parseDouble(small.driver.get("db_bytes")) / small.agreements,
                Double.parseDouble(large.driver.get("db_bytes")) / large.agreements);
        table.note("Growth: one partner's generated feed (one key each) per size, each on a fresh database;"
                + " import, re-import, status statements and the partner's rows are timed in-process (GrowthDriver:"
                + " no JVM start-up); the commands are whole `status` / `status --partner ID` processes; GET"
                + " /partner/agreements is one request to `serve` with a `partner token`; the claim is the worker's"
                + " own statement (50 rows, 30 rounds, released after each); GET /activate samples "
                + String.format(Locale.ROOT, "%,d", GET_LINKS) + " links evenly. EXPLAIN (ANALYZE, BUFFERS) of the"
                + " claim and status counts are in logs/growth-N.log.");
    }

    /** {@code get-db}: GET /activate against the page's query over JDBC, on the web scenario's size only. */
    void getAgainstDatabase() throws Exception {
        addGetRow(measureGetOnly(ctx.scale(100_000, 10_000)));
    }

    /** BENCH_GROWTH_SIZES=10000,100000 (for trying by hand); the three sizes otherwise. */
    private static int[] sizeList() {
        String env = System.getenv("BENCH_GROWTH_SIZES");
        if (env == null || env.isBlank()) {
            return new int[] {10_000, 100_000, 1_000_000};
        }
        return java.util.Arrays.stream(env.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private void growthRow(String what, Size small, Size large, double smallValue, double largeValue) {
        double ratio = largeValue / smallValue;
        table.add(String.format(Locale.ROOT, "Growth of %s, %,d → %,d", what, small.agreements, large.agreements),
                Table.num(largeValue, largeValue < 10 ? 3 : 1), Table.num(smallValue, smallValue < 10 ? 3 : 1),
                Table.ratio(ratio), "≤ 1.5", ratio <= 1.5);
    }

    private void addGetRow(Size s) {
        double ratio = s.get.requestsPerSecond() / s.pageQueriesPerS;
        table.add(String.format(Locale.ROOT, "GET /activate/{token} re-posed, %,d agreements, 32 connections (wrk)",
                        s.agreements), Table.rate(s.get.requestsPerSecond(), "req/s") + ", p99 "
                        + Table.num(s.get.p99Millis(), 1) + " ms" + (s.get.errors() > 0 ? ", " + s.get.errors() + " errors" : ""),
                String.format(Locale.ROOT, "the page's query, %d JDBC threads, prepared: %s (p99 %.1f ms)",
                        BASELINE_THREADS, Table.rate(s.pageQueriesPerS, "queries/s"), s.pageQueryP99),
                Table.ratio(ratio), "≥ 0.6, p99 ≤ 10 ms", ratio >= 0.6 && s.get.p99Millis() <= 10 && s.get.errors() == 0);
    }

    private Size measure(int n) throws Exception {
        String name = "growth_" + n;
        String url = bench.createDatabase(name);
        Path feed = FeedGenerator.write(ctx.work().resolve("feeds/" + name + ".yaml"), PARTNER, n, 3);
        Map<String, String> env = env(url, name, feed);
        // A million agreements are read into memory whole (one partner, one file); the product's
        // own limit is feed.max-bytes, raised here with the heap to fit the file.
        String heap = n > 200_000 ? "-Xmx3g" : "-Xmx512m";
        String warmUpUrl = bench.createDatabase(name + "_warm_up");
        Path warmUpFeed = FeedGenerator.write(ctx.work().resolve("feeds/growth-warm-up.yaml"), "bench-warm-up",
                ctx.scale(5_000, 2_000), 4, "W");
        ProductProcess driver = ProductProcess.driver(ctx, "growth-" + n, List.of(heap), env, GrowthDriver.class,
                feed.toString(), PARTNER, warmUpFeed.toString(), warmUpUrl);
        int exit = driver.await(Duration.ofMinutes(90));
        Map<String, String> r = driver.results();
        if (exit != 0 || !r.containsKey("db_bytes")) {
            throw new IllegalStateException("growth " + n + ": exit " + exit + ", see " + driver.log());
        }
        if (!"0".equals(r.get("rejected")) || !"0".equals(r.get("reimport_written"))) {
            throw new IllegalStateException("growth " + n + ": " + r + ", see " + driver.log());
        }
        System.out.println("bench: growth " + n + ": " + r);
        Db.execute(bench.pgUrl(), "drop database " + name + "_warm_up");
        double statusCommand = command(name + "-status", env, "status");
        double partnerCommand = command(name + "-status-partner", env, "status", "--partner", PARTNER);
        Files.deleteIfExists(ctx.work().resolve("logs/" + name + "-status-partner.log")); // a line per agreement
        String token = partnerToken(name, env);
        return serveAndLoad(n, url, name, env, r, statusCommand, partnerCommand, token);
    }

    private Size measureGetOnly(int n) throws Exception {
        String name = "getdb_" + n;
        String url = bench.createDatabase(name);
        Path feed = FeedGenerator.write(ctx.work().resolve("feeds/" + name + ".yaml"), PARTNER, n, 3);
        Map<String, String> env = env(url, name, feed);
        ProductProcess importer = ProductProcess.product(ctx, name + "-import", List.of(), env, "import", feed.toString());
        if (importer.await(Duration.ofMinutes(30)) != 0) {
            throw new IllegalStateException("import failed; see " + importer.log());
        }
        return serveAndLoad(n, url, name, env, Map.of(), Double.NaN, Double.NaN, null);
    }

    private Map<String, String> env(String url, String name, Path feed) throws IOException {
        Map<String, String> env = bench.env(url, ctx.smtpSinkPort(), Bench.freePort(), name);
        env.put("ACTIVATION_FEED_MAX_BYTES", Long.toString(Math.max(64L << 20, Files.size(feed) + (1 << 20))));
        return env;
    }

    private Size serveAndLoad(int n, String url, String name, Map<String, String> env, Map<String, String> r,
                              double statusCommand, double partnerCommand, String token) throws Exception {
        int port = Bench.freePort();
        Map<String, String> serveEnv = new LinkedHashMap<>(env);
        serveEnv.put("ACTIVATION_HTTP_PORT", Integer.toString(port));
        serveEnv.put("ACTIVATION_PUBLIC_BASE_URL", "http://127.0.0.1:" + port);
        String baseUrl = "http://127.0.0.1:" + port;
        Path tokens = ctx.work().resolve("tokens-" + name + ".txt");
        writeGetTokens(url, tokens);
        double partnerApi = Double.NaN;
        long partnerBytes = 0;
        Wrk.Result get;
        try (ProductProcess serve = ProductProcess.product(ctx, name + "-serve", List.of(), serveEnv, "serve")) {
            serve.awaitOutput("event=started role=serve", Duration.ofMinutes(15));
            if (token != null) {
                HttpClient http = HttpClient.newHttpClient();
                HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/partner/agreements"))
                        .header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(10)).build();
                partnerApi = Double.MAX_VALUE;
                for (int i = 0; i < 2; i++) { // the first also compiles the path
                    long t0 = System.nanoTime();
                    HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                    long bytes;
                    try (InputStream in = response.body()) {
                        bytes = in.transferTo(java.io.OutputStream.nullOutputStream());
                    }
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("GET /partner/agreements: " + response.statusCode());
                    }
                    partnerApi = Math.min(partnerApi, (System.nanoTime() - t0) / 1e9);
                    partnerBytes = bytes;
                }
            }
            Path script = ctx.repo().resolve("bench/wrk/get-activate.lua");
            Wrk.run(ctx, name + "-get-warmup", baseUrl, 32, ctx.scale(10, 2), script, tokens.toString());
            get = Wrk.run(ctx, name + "-get", baseUrl, 32, ctx.scale(10, 3), script, tokens.toString());
        }
        ProductProcess load = ProductProcess.driver(ctx, name + "-page-query", List.of(), Map.of(), PageQueryLoad.class,
                url, Integer.toString(BASELINE_THREADS), Integer.toString(ctx.scale(5, 2)),
                Integer.toString(ctx.scale(10, 3)), Integer.toString(GET_LINKS));
        if (load.await(Duration.ofMinutes(5)) != 0) {
            throw new IllegalStateException("the page-query load failed; see " + load.log());
        }
        Map<String, String> q = load.results();
        return new Size(n, r, statusCommand, partnerCommand, partnerApi, partnerBytes, get, d(q, "queries_per_s"),
                d(q, "p99_ms"));
    }

    /** Wall time of one product command, JVM start included (what an operator waits for). */
    private double command(String name, Map<String, String> env, String... args) {
        long t0 = System.nanoTime();
        ProductProcess p = ProductProcess.product(ctx, name, List.of(), env, args);
        int exit = p.await(Duration.ofMinutes(30));
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", args) + " exited " + exit + "; see " + p.log());
        }
        return seconds;
    }

    /** {@code partner token ID} prints the token alone on a line (stdout), then a note on stderr. */
    private String partnerToken(String name, Map<String, String> env) {
        ProductProcess p = ProductProcess.product(ctx, name + "-partner-token", List.of(), env, "partner", "token", PARTNER);
        // Generous: at a load average of 70 this one-line command took over 2 minutes.
        if (p.await(Duration.ofMinutes(15)) != 0) {
            throw new IllegalStateException("partner token failed; see " + p.log());
        }
        String previous = null;
        for (String line : p.output().split("\n")) {
            if (line.startsWith("This token is shown once")) {
                return previous.trim();
            }
            previous = line;
        }
        throw new IllegalStateException("no token in " + p.log());
    }

    /** Clear tokens of {@value #GET_LINKS} links spread evenly over the table (the bench knows key.secret). */
    private void writeGetTokens(String url, Path file) throws Exception {
        KeyHasher hasher = new KeyHasher(KeySecret.load(Optional.of(BenchContext.KEY_SECRET), ctx.work(),
                new SecureRandom()));
        TokenSealer sealer = new TokenSealer(hasher, new SecureRandom());
        List<String> tokens = new ArrayList<>();
        try (Connection c = Db.connect(url)) {
            long links = Db.count(c, "select count(*) from activation_link");
            long step = Math.max(1, links / GET_LINKS);
            try (PreparedStatement ps = c.prepareStatement(
                    "select token_sealed from activation_link where id % ? = 0 and used_at is null order by id")) {
                ps.setLong(1, step);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tokens.add(sealer.open(rs.getString(1)));
                    }
                }
            }
        }
        Files.write(file, tokens);
    }

    private static double d(Map<String, String> results, String key) {
        String v = results.get(key);
        if (v == null) {
            throw new IllegalStateException("no result " + key + " in " + results);
        }
        return Double.parseDouble(v);
    }
}
