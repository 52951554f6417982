package io.activationworker.bench;

import io.activationworker.partner.AgreementStatusRows;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;

/**
 * Scenarios {@code status} (issue 17 point 12) and {@code partner-status} (issue 16 point 2): how
 * long an operator's or a partner's question takes, from process start to exit, or to an HTTP
 * response's last byte, each against a baseline measured alternately in the same run.
 */
final class StatusBench {

    private static final Path TIME = Path.of("/usr/bin/time");

    private final BenchContext ctx;
    private final Table table;
    /** CPU seconds (user + system) of each timed process, by name, when GNU time is installed. */
    private final Map<String, List<Double>> cpuSeconds = new java.util.HashMap<>();

    StatusBench(BenchContext ctx, Table table) {
        this.ctx = ctx;
        this.table = table;
    }

    /**
     * {@code status} on the embedded default while {@code run} is up (README's quick start): process
     * start → exit, against {@code java -version} with the same options (the JVM's own start-up).
     */
    void status() throws Exception {
        Path data = ctx.work().resolve("status-data");
        int httpPort = freePort();
        Map<String, String> env = Map.of("ACTIVATION_DATA_DIR", data.toString(),
                "ACTIVATION_HTTP_PORT", Integer.toString(httpPort),
                "ACTIVATION_PUBLIC_BASE_URL", "http://127.0.0.1:" + httpPort,
                "ACTIVATION_SMTP_PORT", Integer.toString(freePort()));
        int runs = ctx.scale(11, 5);
        List<Double> ours = new ArrayList<>();
        List<Double> asJson = new ArrayList<>();
        List<Double> baseline = new ArrayList<>();
        try (ProductProcess run = ProductProcess.product(ctx, "status-run", List.of(), env, "run")) {
            Bench.awaitHealthy(run, URI.create("http://127.0.0.1:" + httpPort + "/healthz"), Duration.ofMinutes(3));
            timedProduct(env, "status-warmup", "status"); // the jar into the page cache
            for (int i = 0; i < runs; i++) {
                baseline.add(timed(javaVersion(), Map.of(), "status-baseline"));
                ours.add(timedProduct(env, "status", "status"));
                asJson.add(timedProduct(env, "status-json", "status", "--json"));
            }
        }
        double median = median(ours);
        double base = median(baseline);
        table.add(String.format(Locale.ROOT, "`status`, embedded default, `run` up: process start → exit (median of %d)", runs),
                Table.num(median, 2) + " s (`--json` " + Table.num(median(asJson), 2) + " s)",
                "`java -version` " + Table.num(base, 2) + " s", Table.ratio(median / base), "≤ 2 s", median <= 2);
        if (cpuSeconds.containsKey("status") && cpuSeconds.containsKey("status-baseline")) {
            table.note(String.format(Locale.ROOT, "Status: CPU time (user + system, median) %.2f s for `status`, %.2f s for"
                            + " `--json`, %.2f s for `java -version`; on a loaded machine the wall time is mostly waiting for a core.",
                    median(cpuSeconds.get("status")), median(cpuSeconds.get("status-json")),
                    median(cpuSeconds.get("status-baseline"))));
        }
    }

    /**
     * {@code GET /partner/agreements} and {@code status --partner ID --json} for a partner with
     * 100,000 agreements (the import scenario's database, or {@code dbUrl} empty and imported here), against the same statement run
     * as {@code COPY ... TO STDOUT} through plain JDBC with the same session settings.
     */
    void partnerStatus(String importedUrl, Map<String, String> serveEnv, String partnerId) throws Exception {
        int n = ctx.scale(100_000, 10_000);
        String dbUrl = importedUrl;
        if (Db.count(dbUrl, "select count(*) from information_schema.tables where table_name = 'agreement'") == 0) {
            // Run without the import scenario: import the same generated feed here.
            Path feed = FeedGenerator.write(ctx.work().resolve("feeds/partner-status.yaml"), partnerId, n, 1);
            timed(productCommand("import", feed.toString()), serveEnv, "partner-status-import", Duration.ofMinutes(30));
        }
        long agreements = Db.count(dbUrl, "select count(*) from agreement where partner_id = '" + partnerId + "'");
        if (agreements != n) {
            throw new IllegalStateException(partnerId + " has " + agreements + " agreements, not " + n);
        }
        int httpPort = Integer.parseInt(serveEnv.get("ACTIVATION_HTTP_PORT"));
        String token = productOutput(serveEnv, "partner-token", "partner", "token", partnerId).strip();
        int runs = ctx.scale(5, 3);
        List<Double> get = new ArrayList<>();
        List<Double> firstByte = new ArrayList<>();
        List<Double> cli = new ArrayList<>();
        List<Double> copy = new ArrayList<>();
        long bytes = 0;
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/partner/agreements"))
                .header("Authorization", "Bearer " + token).build();
        try (ProductProcess serve = ProductProcess.product(ctx, "partner-status-serve", List.of(), serveEnv, "serve")) {
            Bench.awaitHealthy(serve, URI.create("http://127.0.0.1:" + httpPort + "/healthz"), Duration.ofMinutes(3));
            copyBaseline(dbUrl, partnerId); // PostgreSQL's caches, for both sides
            getToLastByte(http, request, new double[1]); // the server's JIT on the path, as a serving process has it
            for (int i = 0; i < runs; i++) {
                copy.add(copyBaseline(dbUrl, partnerId));
                double[] first = new double[1];
                long started = System.nanoTime();
                bytes = getToLastByte(http, request, first);
                get.add((System.nanoTime() - started) / 1e9);
                firstByte.add(first[0]);
                cli.add(timedProduct(serveEnv, "partner-status-cli", "status", "--partner", partnerId, "--json"));
            }
        }
        Path cliOut = ctx.work().resolve("logs/partner-status-cli.out");
        if (Files.size(cliOut) < bytes) {
            throw new IllegalStateException("status --partner wrote " + Files.size(cliOut) + " bytes, the API " + bytes);
        }
        double base = median(copy);
        double ours = median(get);
        String label = String.format(Locale.ROOT, "%,d agreements", n);
        table.add("`GET /partner/agreements`, " + label + ": request → last byte (median of " + runs + ")",
                Table.num(ours, 2) + " s (first byte " + Table.num(median(firstByte), 2) + " s, "
                        + Table.num(bytes / 1e6, 1) + " MB)",
                "`COPY (same query) TO STDOUT` " + Table.num(base, 2) + " s", Table.ratio(ours / base), "≤ 2 s",
                ours <= 2);
        if (cpuSeconds.containsKey("partner-status-cli")) {
            table.note(String.format(Locale.ROOT, "Partner status: `status --partner` used %.2f s of CPU (median), the JVM's"
                    + " start included.", median(cpuSeconds.get("partner-status-cli"))));
        }
        double command = median(cli);
        table.add("`status --partner ID --json`, " + label + ": process start → exit (median of " + runs + ")",
                Table.num(command, 2) + " s", "the same COPY " + Table.num(base, 2) + " s", Table.ratio(command / base),
                "≤ 2 s", command <= 2);
    }

    /** The statement behind both, as COPY to a discarding stream, in a transaction with the same settings. */
    private static double copyBaseline(String url, String partnerId) throws Exception {
        try (Connection c = Db.connect(url)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String setting : AgreementStatusRows.SESSION_SETTINGS) {
                    s.execute("set local " + setting);
                }
            }
            try (PreparedStatement p = c.prepareStatement(AgreementStatusRows.PARTNER)) {
                p.setString(1, partnerId);
                p.execute();
            }
            String sql = AgreementStatusRows.ROWS;
            long started = System.nanoTime();
            long rows = c.unwrap(PGConnection.class).getCopyAPI().copyOut("copy (" + sql + ") to stdout",
                    OutputStream.nullOutputStream());
            double seconds = (System.nanoTime() - started) / 1e9;
            c.rollback();
            if (rows == 0) {
                throw new IllegalStateException("the baseline read no rows");
            }
            return seconds;
        }
    }

    private static long getToLastByte(HttpClient http, HttpRequest request, double[] firstByteSeconds) throws Exception {
        long started = System.nanoTime();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /partner/agreements answered " + response.statusCode());
        }
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream body = response.body()) {
            int read = body.read(buffer);
            firstByteSeconds[0] = (System.nanoTime() - started) / 1e9;
            while (read >= 0) {
                total += read;
                read = body.read(buffer);
            }
        }
        return total;
    }

    private List<String> javaVersion() {
        return List.of(ctx.java(), "@" + ctx.repo().resolve("config/jvm.options"), "-version");
    }

    private double timedProduct(Map<String, String> env, String name, String... args) throws Exception {
        return timed(productCommand(args), env, name, Duration.ofMinutes(2));
    }

    private List<String> productCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(ctx.java(), "@" + ctx.repo().resolve("config/jvm.options")));
        command.addAll(ctx.extraProductOptions());
        command.addAll(List.of("-jar", ctx.productJar().toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** Process start → exit in seconds; stdout to {@code logs/NAME.out}, stderr to {@code logs/NAME.log}. */
    private double timed(List<String> command, Map<String, String> env, String name) throws Exception {
        return timed(command, env, name, Duration.ofMinutes(2));
    }

    private double timed(List<String> command, Map<String, String> env, String name, Duration timeout) throws Exception {
        Path logs = ctx.work().resolve("logs");
        Files.createDirectories(logs);
        List<String> measured = new ArrayList<>(command);
        Path cpu = logs.resolve(name + ".cpu");
        if (Files.isExecutable(TIME)) {
            // GNU time: the process's CPU seconds (user + system), which a loaded machine stretches far less than wall time.
            measured.addAll(0, List.of(TIME.toString(), "-f", "%U %S", "-o", cpu.toString()));
        }
        ProcessBuilder pb = new ProcessBuilder(measured).directory(ctx.repo().toFile())
                .redirectOutput(logs.resolve(name + ".out").toFile()).redirectError(logs.resolve(name + ".log").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("ACTIVATION_"));
        pb.environment().putAll(env);
        long started = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(name + " did not end within " + timeout);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (p.exitValue() != 0) {
            throw new IllegalStateException(name + " exited " + p.exitValue() + "; see " + logs.resolve(name + ".log"));
        }
        if (Files.exists(cpu)) {
            String[] userSystem = Files.readString(cpu).strip().split("\\s+");
            cpuSeconds.computeIfAbsent(name, n -> new ArrayList<>())
                    .add(Double.parseDouble(userSystem[userSystem.length - 2]) + Double.parseDouble(userSystem[userSystem.length - 1]));
        }
        return seconds;
    }

    private String productOutput(Map<String, String> env, String name, String... args) throws Exception {
        timedProduct(env, name, args);
        return Files.readString(ctx.work().resolve("logs/" + name + ".out"), StandardCharsets.UTF_8);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
