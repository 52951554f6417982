package io.activationworker.bench;

import io.activationworker.db.EmbeddedPostgresServer;
import io.activationworker.key.KeyHasher;
import io.activationworker.key.KeySecret;
import io.activationworker.key.TokenSealer;
import io.activationworker.key.Tokens;
import io.activationworker.web.Csrf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs every scenario of the benchmark and prints one table (also written as Markdown).
 * PostgreSQL is the product's own embedded server (fsync on), started once under the run's work
 * folder; each scenario gets a fresh database on it. Product processes are the shipped jar with
 * default JVM settings; baselines run in the same invocation, so every figure is a ratio.
 *
 * <p>Args: --repo DIR --work DIR --sink-port N --out FILE [--quick] [--profile] [--only a,b]
 */
public final class Bench {

    private static final Pattern WORKER_THREADS = Pattern.compile("event=worker_started threads=([0-9]+)");

    private final BenchContext ctx;
    private final Set<String> only;
    private final Table table = new Table();
    private EmbeddedPostgresServer pg;
    private SlowSmtpSink slowSink;
    private String importUrl;
    private String mailUrl;
    private MailRun fast;
    /** A scenario could not be measured at all (as opposed to a target not met): the harness is broken. */
    private boolean broken;

    private Bench(BenchContext ctx, Set<String> only) {
        this.ctx = ctx;
        this.only = only;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--quick") || args[i].equals("--profile")) {
                opts.put(args[i], "true");
            } else {
                opts.put(args[i], args[++i]);
            }
        }
        Path repo = Path.of(opts.get("--repo")).toAbsolutePath().normalize();
        Path work = Path.of(opts.get("--work")).toAbsolutePath().normalize();
        Files.createDirectories(work);
        BenchContext ctx = new BenchContext(repo, work, repo.resolve("target/activation-worker.jar"),
                System.getProperty("java.class.path"), opts.containsKey("--quick"), opts.containsKey("--profile"),
                Integer.parseInt(opts.get("--sink-port")));
        Set<String> only = opts.containsKey("--only") ? Set.of(opts.get("--only").split(",")) : Set.of();
        Bench bench = new Bench(ctx, only);
        String markdown = bench.runAll();
        System.out.println();
        System.out.println(markdown);
        if (opts.containsKey("--out")) {
            Files.writeString(Path.of(opts.get("--out")), markdown, StandardCharsets.UTF_8);
        }
        // Targets not met are figures, not failures; a scenario that could not run at all fails the run.
        System.exit(bench.broken ? 1 : 0);
    }

    private String runAll() throws Exception {
        long started = System.nanoTime();
        String loadBefore = loadAverage();
        pg = EmbeddedPostgresServer.attachOrStart(ctx.work().resolve("pg"), true);
        Runtime.getRuntime().addShutdownHook(new Thread(pg::close));
        slowSink = new SlowSmtpSink(50);
        try {
            String fsync = Db.text(pg.jdbcUrl(), "show fsync") + "/" + Db.text(pg.jdbcUrl(), "show synchronous_commit");
            scenario("import", this::importScenario);
            scenario("mail", this::mailScenarios);
            scenario("mail-claims", this::claimSendAckScenario); // issue 18 point 6: needs mail
            // issue 18: real relays
            scenario("rate-cap", this::rateCapScenario);
            scenario("throttling", this::throttlingScenario);
            scenario("round-trips", this::roundTripScenario);
            scenario("web", this::webScenarios);
            scenario("startup", this::startupScenario);
            // issue 17 #12 and issue 16 #2
            scenario("status", () -> new StatusBench(ctx, table).status());
            scenario("partner-status", () -> {
                String db = importUrl != null ? importUrl : createDatabase("partner_status");
                new StatusBench(ctx, table).partnerStatus(db, env(db, ctx.smtpSinkPort(), freePort(), "partner-status"),
                        importUrl != null ? "bench-import" : "bench-partner-status");
            });
            // issue 18.4, 18.5, 18.7: growth to a million agreements, GET against its own query, cold start
            scenario("growth", () -> new GrowthScenario(ctx, this, table).growth());
            scenario("get-db", () -> new GrowthScenario(ctx, this, table).getAgainstDatabase());
            scenario("cold-start", () -> new ColdStartScenario(ctx, this, table).run());
            table.note(String.format(Locale.ROOT, "%s run on %d cores, %s; PostgreSQL %s (embedded, fsync/synchronous_commit %s)"
                            + "; bench took %.0f s; load average %s at the start, %s at the end (other work on this machine"
                    + " shows up here).", ctx.quick() ? "Quick (CI-sized)" : "Full",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name") + " "
                            + System.getProperty("java.version"),
                    Db.text(pg.jdbcUrl(), "show server_version"), fsync, (System.nanoTime() - started) / 1e9,
                    loadBefore, loadAverage()));
        } finally {
            slowSink.close();
            pg.close();
        }
        return "# activation-worker benchmark, " + DateTimeFormatter.ISO_LOCAL_DATE_TIME
                .format(LocalDateTime.now(ZoneOffset.UTC).withNano(0)) + "Z\n\n" + table.markdown();
    }

    private interface Body {
        void run() throws Exception;
    }

    private void scenario(String name, Body body) {
        if (!only.isEmpty() && !only.contains(name)) {
            return;
        }
        System.out.println("bench: --- " + name + " ---");
        try {
            body.run();
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            broken = true;
            table.failed(name, "", String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }

    // ---------------------------------------------------------------- import

    private void importScenario() throws Exception {
        int n = ctx.scale(100_000, 10_000);
        Path feed = FeedGenerator.write(ctx.work().resolve("feeds/import.yaml"), "bench-import", n, 1);
        importUrl = createDatabase("import");
        String baselineUrl = createDatabase("import_baseline");
        List<String> jvm = new ArrayList<>(List.of("-Xmx256m"));
        jvm.addAll(ctx.profileOptions("import"));
        ProductProcess bench = ProductProcess.driver(ctx, "import", jvm, env(importUrl, ctx.smtpSinkPort(), freePort(),
                "import"), ImportBench.class, feed.toString(), baselineUrl);
        int exit = bench.await(Duration.ofMinutes(20));
        Map<String, String> r = bench.results();
        String label = String.format(Locale.ROOT, "Import %,d agreements, 1 key each (-Xmx256m)", n);
        if (exit != 0 || !r.containsKey("baseline_s")) {
            table.failed(label, "≤ 2, heap < 256 MB", "exit " + exit + ", see " + bench.log());
            return;
        }
        double ours = d(r, "import_s");
        double baseline = d(r, "baseline_s");
        double ratio = ours / baseline;
        table.add(label, String.format(Locale.ROOT, "%.1f s (%s)", ours, Table.rate(n / ours, "agreements/s")),
                String.format(Locale.ROOT, "batched JDBC inserts %.1f s", baseline), Table.ratio(ratio),
                "≤ 2 (time ÷ baseline)", ratio <= 2);
        double again = d(r, "reimport_s");
        table.add("Re-import of the unchanged feed", String.format(Locale.ROOT, "%.2f s (%s unchanged, %s written)",
                        again, r.get("reimport_unchanged"), r.get("reimport_written")), "", "",
                "≤ 3 s", again <= 3 && "0".equals(r.get("reimport_written")));
        table.add("Import heap (-Xmx256m)", "completed; live heap after GC peaked at " + r.get("peak_live_heap_mib")
                + " MiB", "", "", "< 256 MB, must not fail", true);
        table.note(String.format(Locale.ROOT, "Import: reading the feed took %.1f s, storing %.1f s; %s rejected.",
                d(r, "read_s"), d(r, "store_s"), r.get("rejected")));
    }

    // ---------------------------------------------------------------- mail

    private record MailRun(int processes, int threadsEach, double seconds, double rate, double rssMiB) {
    }

    private void mailScenarios() throws Exception {
        int n = ctx.scale(20_000, 2_000);
        mailUrl = createDatabase("mail");
        Path feed = FeedGenerator.write(ctx.work().resolve("feeds/mail.yaml"), "bench-mail", n, 2);
        long seedStart = System.nanoTime();
        ProductProcess seed = ProductProcess.product(ctx, "mail-seed-import", List.of(),
                env(mailUrl, ctx.smtpSinkPort(), freePort(), "mail-seed"), "import", feed.toString());
        int exit = seed.await(Duration.ofMinutes(20));
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
        long queued = Db.count(mailUrl, "select count(*) from outbox_message where state = 'queued'");
        if (exit != 0 || queued != n) {
            throw new IllegalStateException("seeding " + n + " messages by import failed (exit " + exit + ", queued "
                    + queued + "); see " + seed.log());
        }
        table.note(String.format(Locale.ROOT, "Mail: %,d activation messages seeded with `import` of a %,d-agreement feed"
                + " (whole command, JVM start included: %.1f s).", n, n, seedSeconds));

        // 1. Fast sink: ours against the SMTP limit on the same number of connections.
        fast = runWorkers("mail-fast", "run", 1, ctx.smtpSinkPort(), n);
        int connections = fast.threadsEach();
        ProductProcess loop = ProductProcess.driver(ctx, "mail-fast-jakarta", List.of(), Map.of(), JakartaMailLoop.class,
                mailUrl, "127.0.0.1", Integer.toString(ctx.smtpSinkPort()), Integer.toString(connections),
                ctx.repo().resolve("templates").toString(), Integer.toString(fastSinkWarmUp()));
        if (loop.await(Duration.ofMinutes(10)) != 0) {
            throw new IllegalStateException("the Jakarta Mail loop failed; see " + loop.log());
        }
        double limit = d(loop.results(), "msgs_per_s");
        table.add(String.format(Locale.ROOT, "Mail end to end, %,d msgs, smtp-sink, %d connections", n, connections),
                Table.rate(fast.rate(), "msgs/s"), "Jakarta Mail loop " + Table.rate(limit, "msgs/s"),
                Table.ratio(fast.rate() / limit), "≥ 0.8", fast.rate() / limit >= 0.8);

        // 2. The peer: db-scheduler, one task per email.
        Db.execute(mailUrl, "vacuum analyze outbox_message");
        ProductProcess peer = ProductProcess.driver(ctx, "mail-db-scheduler", List.of(), Map.of(), DbSchedulerPeer.class,
                mailUrl, "127.0.0.1", Integer.toString(ctx.smtpSinkPort()), ctx.repo().resolve("templates").toString(),
                Integer.toString(fastSinkWarmUp()));
        if (peer.await(Duration.ofMinutes(20)) != 0) {
            throw new IllegalStateException("the db-scheduler peer failed; see " + peer.log());
        }
        double dbScheduler = d(peer.results(), "msgs_per_s");
        table.add(String.format(Locale.ROOT, "Mail vs db-scheduler 16.7 (defaults, 1 task per email), %,d msgs", n),
                Table.rate(fast.rate(), "msgs/s"), "db-scheduler " + Table.rate(dbScheduler, "msgs/s"),
                Table.ratio(fast.rate() / dbScheduler), "≥ 3", fast.rate() / dbScheduler >= 3);

        // 3. A relay that takes 50 ms per message: ours against the concurrency limit.
        slowSink.reset();
        MailRun one = runWorkers("mail-slow-1", "worker", 1, slowSink.port(), n);
        long oneConnections = slowSink.connections();
        long oneDuplicates = slowSink.duplicates();
        double concurrencyLimit = one.threadsEach() / 0.05;
        table.add(String.format(Locale.ROOT, "Mail, %,d msgs, sink answering DATA after 50 ms, 1 worker process", n),
                Table.rate(one.rate(), "msgs/s"), String.format(Locale.ROOT, "limit %d conns ÷ 0.05 s = %s",
                        one.threadsEach(), Table.rate(concurrencyLimit, "msgs/s")),
                Table.ratio(one.rate() / concurrencyLimit), "≥ 0.8", one.rate() / concurrencyLimit >= 0.8);

        slowSink.reset();
        MailRun two = runWorkers("mail-slow-2", "worker", 2, slowSink.port(), n);
        long twoDuplicates = slowSink.duplicates();
        long received = slowSink.messages();
        boolean clean = twoDuplicates == 0 && received == n;
        table.add(String.format(Locale.ROOT, "Scale-out: 2 worker processes ÷ 1, 50 ms sink, %,d msgs", n),
                Table.rate(two.rate(), "msgs/s") + String.format(Locale.ROOT, ", %d duplicate Message-IDs", twoDuplicates),
                "1 process " + Table.rate(one.rate(), "msgs/s"), Table.ratio(two.rate() / one.rate()),
                "≥ 1.8, 0 duplicates", two.rate() / one.rate() >= 1.8 && clean);
        table.note(String.format(Locale.ROOT, "Mail: every measurement against smtp-sink (ours, the Jakarta Mail loop,"
                + " db-scheduler) first sends %,d untimed messages in the same JVM (against the 50 ms sink %,d), then"
                + " times the %,d; ours is timed from the first claim to the last acknowledgement on the database"
                + " clock.", fastSinkWarmUp(), slowSinkWarmUp(), n));
        table.note(String.format(Locale.ROOT, "50 ms sink: 1 process opened %d SMTP connections for %,d messages "
                        + "(%d duplicates); 2 processes: %,d messages received, %d connections (warm-up included).",
                oneConnections, n + slowSinkWarmUp(),
                oneDuplicates, received, slowSink.connections()));
        table.add(String.format(Locale.ROOT, "Resident memory of `run` (with config/jvm.options) after the %,d-message run", n),
                Table.num(fast.rssMiB(), 0) + " MiB", "", "", "≤ 400 MB", fast.rssMiB() * 1.048576 <= 400);
        // The same run on a bare `java -jar`: the JVM sizes the heap from the machine's memory (1/64
        // of it to start, a quarter at most), not from what the worker needs.
        MailRun bare = runWorkers("mail-fast-jvm-defaults", "run", 1, ctx.smtpSinkPort(), n, true);
        table.add("… the same on a bare `java -jar` (JVM default heap sizing)", Table.num(bare.rssMiB(), 0)
                + " MiB at " + Table.rate(bare.rate(), "msgs/s"), "", "", "(for comparison)", null);
    }

    /**
     * Issue 18 point 6: ours against the fast sink (the mail scenario's figure) over the plain loop
     * that also claims and acknowledges with the outbox's statements ({@link ClaimSendAckLoop}).
     */
    private void claimSendAckScenario() throws Exception {
        if (fast == null) {
            throw new IllegalStateException("mail-claims compares with the mail scenario's run; run mail too");
        }
        int n = ctx.scale(20_000, 2_000);
        ProductProcess loop = ProductProcess.driver(ctx, "mail-claim-send-ack", List.of(), Map.of(),
                ClaimSendAckLoop.class, mailUrl, "127.0.0.1", Integer.toString(ctx.smtpSinkPort()),
                Integer.toString(fast.threadsEach()), ctx.repo().resolve("templates").toString(),
                Integer.toString(fastSinkWarmUp()), "50");
        if (loop.await(Duration.ofMinutes(10)) != 0) {
            throw new IllegalStateException("the claim-send-acknowledge loop failed; see " + loop.log());
        }
        double limit = d(loop.results(), "msgs_per_s");
        table.add(String.format(Locale.ROOT, "Mail end to end, %,d msgs, smtp-sink, %d connections, vs a loop with the"
                                + " same claim and acknowledge statements", n, fast.threadsEach()),
                Table.rate(fast.rate(), "msgs/s"), "claim + render + send + ack loop " + Table.rate(limit, "msgs/s"),
                Table.ratio(fast.rate() / limit), "≥ 0.8", fast.rate() / limit >= 0.8);
    }

    /**
     * Starts {@code processes} product processes ({@code run} or {@code worker}) with the outbox on
     * hold, releases all rows at once, and times from the first claim to the last acknowledgement
     * (both on the database clock: the claim is seen by polling, {@code sent_at} is the ack).
     */
    private MailRun runWorkers(String name, String command, int processes, int smtpPort, int n) throws Exception {
        return runWorkers(name, command, processes, smtpPort, n, false);
    }

    private MailRun runWorkers(String name, String command, int processes, int smtpPort, int n, boolean jvmDefaults)
            throws Exception {
        return runWorkers(name, command, processes, mailUrl, smtpPort, n, jvmDefaults,
                smtpPort == ctx.smtpSinkPort() ? fastSinkWarmUp() : slowSinkWarmUp(), Map.of(), () -> { });
    }

    /** As above on any database and relay; {@code afterWarmUp} runs between the warm-up and the timed run. */
    private MailRun runWorkers(String name, String command, int processes, String mailUrl, int smtpPort, int n,
                               boolean jvmDefaults, int warmUpMessages, Map<String, String> extraEnv,
                               Runnable afterWarmUp) throws Exception {
        try (Connection c = Db.connect(mailUrl)) {
            Db.update(c, """
                    update outbox_message set state = 'queued', attempts = 0, sent_at = null, lease_owner = null,
                           lease_until = null, last_error = null, next_attempt_at = now() + interval '1 day'""");
            Db.update(c, "vacuum analyze outbox_message");
        }
        List<ProductProcess> started = new ArrayList<>();
        try {
            for (int i = 0; i < processes; i++) {
                String process = name + "-" + (i + 1);
                Map<String, String> env = env(mailUrl, smtpPort, freePort(), process);
                env.putAll(extraEnv);
                started.add(jvmDefaults
                        ? ProductProcess.productWithJvmDefaults(ctx, process, List.of(), env, command)
                        : ProductProcess.product(ctx, process, List.of(), env, command));
            }
            int threads = 0;
            for (ProductProcess p : started) {
                // Generous: with other work on the 2 cores a worker once took over 2 minutes to start.
                p.awaitOutput("event=started role=" + command, Duration.ofMinutes(6));
                Matcher m = WORKER_THREADS.matcher(p.output());
                if (!m.find()) {
                    throw new IllegalStateException("no worker_started line in " + p.log());
                }
                threads = Integer.parseInt(m.group(1));
            }
            Timestamp firstClaim;
            Timestamp lastAck;
            try (Connection c = Db.connect(mailUrl); Statement s = c.createStatement()) {
                warmUp(c, s, name, started.get(0), warmUpMessages, n);
                afterWarmUp.run();
                s.executeUpdate("update outbox_message set next_attempt_at = now() where state = 'queued'");
                firstClaim = null;
                long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
                while (true) {
                    if (firstClaim == null) {
                        try (ResultSet rs = s.executeQuery("""
                                select clock_timestamp() where exists
                                  (select 1 from outbox_message where state = 'sending')""")) {
                            if (rs.next()) {
                                firstClaim = rs.getTimestamp(1);
                            }
                        }
                        sleep(2);
                        continue;
                    }
                    if (Db.count(c, UNFINISHED) == 0) {
                        long sent = Db.count(c, "select count(*) from outbox_message where state = 'sent'");
                        if (sent == n) {
                            break;
                        }
                        long failed = Db.count(c, "select count(*) from outbox_message where state = 'failed'");
                        throw new IllegalStateException(name + ": " + sent + " sent, " + failed + " failed of " + n
                                + "; see " + started.get(0).log());
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(name + ": not finished after 15 minutes; see "
                                + started.get(0).log());
                    }
                    sleep(100);
                }
                try (ResultSet rs = s.executeQuery("select max(sent_at) from outbox_message")) {
                    rs.next();
                    lastAck = rs.getTimestamp(1);
                }
            }
            double seconds = Duration.between(firstClaim.toInstant(), lastAck.toInstant()).toNanos() / 1e9;
            double rss = started.get(0).rssMiB();
            System.out.printf(Locale.ROOT, "bench: %s: %d msgs in %.2f s = %.0f msgs/s (%d x %d threads), rss %.0f MiB%n",
                    name, n, seconds, n / seconds, processes, threads, rss);
            return new MailRun(processes, threads, seconds, n / seconds, rss);
        } finally {
            started.forEach(ProductProcess::close);
        }
    }

    /**
     * 1 while a due message is queued or one is being sent, else 0. It reads only the outbox's two
     * partial indexes: counting the sent rows every 100 ms scanned the whole table and cost
     * PostgreSQL CPU inside the timed window that the send-only loop never pays (bench/NOTES.md §23).
     */
    private static final String UNFINISHED = """
            select case when exists (select 1 from outbox_message where state = 'queued' and next_attempt_at <= now())
                          or exists (select 1 from outbox_message where state = 'sending') then 1 else 0 end""";

    /**
     * Sends {@code w} messages untimed (the {@code n} queued ones again and again), so the timed run
     * measures the JIT-compiled steady state a long-running worker is in (each baseline warms up the
     * same way), then puts them back.
     */
    private void warmUp(Connection c, Statement s, String name, ProductProcess log, int w, int n) throws SQLException {
        for (int left = w; left > 0; left -= n) {
            int round = Math.min(left, n);
            s.executeUpdate("update outbox_message set next_attempt_at = now() where id in (select id from outbox_message"
                    + " order by id limit " + round + ")");
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (Db.count(c, UNFINISHED) > 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + ": the warm-up did not finish; see " + log.log());
                }
                sleep(50);
            }
            s.executeUpdate("""
                    update outbox_message set state = 'queued', attempts = 0, sent_at = null, lease_owner = null,
                           lease_until = null, last_error = null, next_attempt_at = now() + interval '1 day'""");
            s.execute("vacuum analyze outbox_message");
        }
        slowSink.resetMessages();
    }

    /**
     * Against smtp-sink the CPU is the limit, and the JIT compiles for a long time: its one C2 thread
     * shares 2 cores with 16 sending threads, PostgreSQL and the sink. After 10,000 messages it still
     * took 30% of the worker's CPU, and the SMTP client's own methods reached C2 only after ~30,000
     * (bench/NOTES.md §19). Ours, the Jakarta Mail loop and db-scheduler all get the same warm-up.
     */
    private int fastSinkWarmUp() {
        return ctx.scale(40_000, 500);
    }

    /** Against the 50 ms sink a process waits on the relay, so the JIT's first seconds do not matter. */
    private int slowSinkWarmUp() {
        return ctx.scale(2_000, 200);
    }

    // ---------------------------------------------------------------- real relays (issue 18)

    /** A fresh database with {@code n} activation messages queued by the product's own {@code import}. */
    private String seedMail(String name, int n) throws Exception {
        String url = createDatabase(name);
        Path feed = FeedGenerator.write(ctx.work().resolve("feeds/" + name + ".yaml"), "bench-" + name, n, 2);
        ProductProcess seed = ProductProcess.product(ctx, name + "-seed-import", List.of(),
                env(url, ctx.smtpSinkPort(), freePort(), name + "-seed"), "import", feed.toString());
        int exit = seed.await(Duration.ofMinutes(20));
        long queued = Db.count(url, "select count(*) from outbox_message where state = 'queued'");
        if (exit != 0 || queued != n) {
            throw new IllegalStateException("seeding " + n + " messages failed (exit " + exit + ", queued " + queued
                    + "); see " + seed.log());
        }
        return url;
    }

    /**
     * smtp.max-per-second=50 held by two worker processes together: the relay counts arrivals in
     * every 1 s window; the baseline is the cap itself.
     */
    private void rateCapScenario() throws Exception {
        int n = ctx.scale(20_000, 1_000);
        int cap = 50;
        String url = seedMail("ratecap", n);
        try (SlowSmtpSink sink = new SlowSmtpSink(0)) {
            MailRun two = runWorkers("ratecap", "worker", 2, url, sink.port(), n, false, 0,
                    Map.of("ACTIVATION_SMTP_MAX_PER_SECOND", Integer.toString(cap)), () -> { });
            int most = sink.mostInAnySecond();
            double achieved = sink.arrivalRate();
            table.add(String.format(Locale.ROOT, "Send-rate cap %d/s, 2 worker processes, %,d msgs: most at the relay"
                            + " in any 1 s", cap, n), most + " msgs (" + sink.duplicates() + " duplicates)",
                    "cap " + cap, Table.ratio((double) most / cap), "≤ 55 msgs", most <= 55 && sink.duplicates() == 0);
            table.add("… achieved rate ÷ cap", Table.rate(achieved, "msgs/s"), "cap " + cap + " msgs/s",
                    Table.ratio(achieved / cap), "≥ 0.9", achieved / cap >= 0.9);
            System.out.printf(Locale.ROOT, "bench: ratecap: most in 1 s %d, arrival rate %.1f/s, db-timed %.1f/s%n", most,
                    achieved, two.rate());
        }
    }

    /** One relay's throttling, as the bench imitates it. */
    private record Throttler(String label, int connections, String connectionReply, double perSecond,
                             boolean atMailFrom, String rateReply, long dataDelayMillis) {
    }

    /**
     * One worker process (16 threads) against relays that throttle as Exchange Online, Amazon SES
     * and Postfix do. What the relay allows: its message rate (with its one-second burst), or for
     * a connection limit the Jakarta Mail loop over exactly that many connections, measured against
     * a twin relay in the same run.
     */
    private void throttlingScenario() throws Exception {
        int n = ctx.scale(2_000, 300);
        String url = seedMail("throttling", n);
        List<Throttler> relays = List.of(
                new Throttler("Exchange Online: 3 connections (432 4.3.2), 30 msgs/s (30/min scaled ×60; 451 4.7.500)",
                        3, "432 4.3.2 Concurrent connections limit exceeded", 30, false,
                        "451 4.7.500 Server busy. Please try again later", 0),
                new Throttler("Amazon SES: 50 msgs/s (454 after DATA)", 0, "", 50, false,
                        "454 Throttling failure: Maximum sending rate exceeded.", 0),
                new Throttler("Postfix: 4 connections (421 4.7.0), 20 ms per message", 4,
                        "421 4.7.0 relay.bench Error: too many connections from 127.0.0.1", 0, false, "", 20),
                new Throttler("Postfix: 50 msgs/s (450 4.7.1 to MAIL FROM)", 0, "", 50, true,
                        "450 4.7.1 Error: too much mail from 127.0.0.1", 0));
        int i = 0;
        for (Throttler t : relays) {
            i++;
            double allowed = Double.POSITIVE_INFINITY;
            String baseline = "";
            if (t.connections() > 0) {
                try (SlowSmtpSink twin = new SlowSmtpSink(t.dataDelayMillis())) {
                    ProductProcess loop = ProductProcess.driver(ctx, "throttling-loop-" + i, List.of(), Map.of(),
                            JakartaMailLoop.class, url, "127.0.0.1", Integer.toString(twin.port()),
                            Integer.toString(t.connections()), ctx.repo().resolve("templates").toString(),
                            Integer.toString(ctx.scale(500, 100)));
                    if (loop.await(Duration.ofMinutes(10)) != 0) {
                        throw new IllegalStateException("the Jakarta Mail loop failed; see " + loop.log());
                    }
                    allowed = d(loop.results(), "msgs_per_s");
                    baseline = "Jakarta Mail loop, " + t.connections() + " conns: " + Table.rate(allowed, "msgs/s");
                }
            }
            try (SlowSmtpSink relay = new SlowSmtpSink(t.dataDelayMillis())) {
                if (t.connections() > 0) {
                    relay.limitConnections(t.connections(), t.connectionReply());
                }
                if (t.perSecond() > 0) {
                    relay.limitRate(t.perSecond(), t.perSecond(), t.atMailFrom(), t.rateReply());
                }
                // Warmed up against the same relay (a fresh JVM renders slowly for its first thousands of
                // messages); what the throttle learnt then it keeps, as a long-running worker does.
                MailRun run = runWorkers("throttling-" + i, "worker", 1, url, relay.port(), n, false,
                        ctx.scale(2_000, 300), Map.of(), relay::resetMessages);
                if (t.perSecond() > 0) {
                    // The relay's rate plus the one-second burst it lets through at the start.
                    double rateAllowed = (t.perSecond() * run.seconds() + t.perSecond()) / run.seconds();
                    allowed = Math.min(allowed, rateAllowed);
                    baseline = (baseline.isEmpty() ? "" : baseline + "; ") + "relay rate " + Table.rate(rateAllowed,
                            "msgs/s") + " (burst included)";
                }
                long failed = Db.count(url, "select count(*) from outbox_message where state = 'failed' or attempts <> 1");
                double share = (double) relay.temporaryReplies() / relay.replies();
                table.add(String.format(Locale.ROOT, "Throttling relay, %,d msgs, 1 worker: %s", n, t.label()),
                        Table.rate(run.rate(), "msgs/s") + String.format(Locale.ROOT, ", 4xx %d of %,d replies (%.1f%%)"
                                        + ", %d with a try counted", relay.temporaryReplies(), relay.replies(),
                                100 * share, failed), baseline, Table.ratio(run.rate() / allowed),
                        "≥ 0.8, 4xx < 5%", run.rate() / allowed >= 0.8 && share < 0.05 && failed == 0);
            }
        }
    }

    /**
     * A relay a network hop away (every reply 20 ms after its command): ours pipelines MAIL FROM,
     * RCPT TO and DATA (two round trips a message); the plain Jakarta Mail loop waits for each
     * reply (four), over the same number of connections. Ours with smtp.pipelining=false is shown
     * too, for comparison.
     */
    private void roundTripScenario() throws Exception {
        int n = ctx.scale(5_000, 500);
        String url = seedMail("roundtrips", n);
        int warmUp = ctx.scale(2_000, 200);
        try (SlowSmtpSink hop = SlowSmtpSink.networkHop(20)) {
            MailRun ours = runWorkers("roundtrips", "worker", 1, url, hop.port(), n, false, warmUp, Map.of(), () -> { });
            ProductProcess loop = ProductProcess.driver(ctx, "roundtrips-jakarta", List.of(), Map.of(),
                    JakartaMailLoop.class, url, "127.0.0.1", Integer.toString(hop.port()),
                    Integer.toString(ours.threadsEach()), ctx.repo().resolve("templates").toString(),
                    Integer.toString(warmUp));
            if (loop.await(Duration.ofMinutes(20)) != 0) {
                throw new IllegalStateException("the Jakarta Mail loop failed; see " + loop.log());
            }
            double plain = d(loop.results(), "msgs_per_s");
            table.add(String.format(Locale.ROOT, "Mail, %,d msgs, every relay reply 20 ms late (a network hop), %d"
                            + " connections, pipelining", n, ours.threadsEach()), Table.rate(ours.rate(), "msgs/s"),
                    "Jakarta Mail loop (a reply per command) " + Table.rate(plain, "msgs/s"),
                    Table.ratio(ours.rate() / plain), "≥ 1.8", ours.rate() / plain >= 1.8);
            MailRun off = runWorkers("roundtrips-no-pipelining", "worker", 1, url, hop.port(), n, false, warmUp,
                    Map.of("ACTIVATION_SMTP_PIPELINING", "false"), () -> { });
            table.add("… the same with smtp.pipelining=false", Table.rate(off.rate(), "msgs/s"),
                    "Jakarta Mail loop " + Table.rate(plain, "msgs/s"), Table.ratio(off.rate() / plain),
                    "(for comparison)", null);
        }
    }

    // ---------------------------------------------------------------- web

    private void webScenarios() throws Exception {
        if (importUrl == null) {
            throw new IllegalStateException("the web scenarios use the links of the import scenario; run it too");
        }
        int seconds = ctx.scale(10, 3);
        // JIT warm-up before each measured run: a page view runs far more code than hello-world.
        int warmup = ctx.scale(10, 2);
        // An activation runs more code still, and each needs a link of its own: C2 was still busy
        // compiling after 10 s (~15,000 activations); see bench/NOTES.md §22.
        int postWarmup = ctx.scale(20, 2);
        int helloPort = freePort();
        double helloRate;
        double helloP99;
        try (ProductProcess hello = ProductProcess.driver(ctx, "web-hello", List.of(), Map.of(), HelloServer.class,
                Integer.toString(helloPort))) {
            hello.awaitOutput("listening", Duration.ofSeconds(30));
            String url = "http://127.0.0.1:" + helloPort + "/";
            Wrk.run(ctx, "hello-warmup", url, 32, warmup, null);
            Wrk.Result r = Wrk.run(ctx, "hello", url, 32, seconds, null);
            helloRate = r.requestsPerSecond();
            helloP99 = r.p99Millis();
        }

        Path getTokens = ctx.work().resolve("tokens-get.txt");
        Path postWarmUpTokens = ctx.work().resolve("tokens-post-warm-up.txt");
        Path postTokens = ctx.work().resolve("tokens-post.txt");
        int httpPort = freePort();
        String baseUrl = "http://127.0.0.1:" + httpPort;
        int links = writeTokens(importUrl, baseUrl, getTokens, postWarmUpTokens, postTokens,
                (double) postWarmup / (postWarmup + seconds));
        try (ProductProcess serve = ProductProcess.product(ctx, "web-serve", List.of(),
                env(importUrl, ctx.smtpSinkPort(), httpPort, "web"), "serve")) {
            serve.awaitOutput("event=started role=serve", Duration.ofMinutes(2));
            Path getScript = ctx.repo().resolve("bench/wrk/get-activate.lua");
            Wrk.run(ctx, "get-warmup", baseUrl, 32, warmup, getScript, getTokens.toString());
            Wrk.Result get = Wrk.run(ctx, "get", baseUrl, 32, seconds, getScript, getTokens.toString());
            double ratio = get.requestsPerSecond() / helloRate;
            table.add("GET /activate/{token}, 32 connections (wrk)",
                    Table.rate(get.requestsPerSecond(), "req/s") + ", p99 " + Table.num(get.p99Millis(), 1) + " ms"
                            + (get.errors() > 0 ? ", " + get.errors() + " errors" : ""),
                    "bare HttpServer " + Table.rate(helloRate, "req/s") + ", p99 " + Table.num(helloP99, 1) + " ms",
                    Table.ratio(ratio), "≥ 0.5, p99 ≤ 10 ms",
                    ratio >= 0.5 && get.p99Millis() <= 10 && get.errors() == 0);

            Path postScript = ctx.repo().resolve("bench/wrk/post-accept.lua");
            long beforeWarmUp = Db.count(importUrl, "select count(*) from acceptance");
            Wrk.Result postWarmUp = Wrk.run(ctx, "post-warmup", baseUrl, 32, postWarmup, postScript,
                    postWarmUpTokens.toString(), "2");
            long before = Db.count(importUrl, "select count(*) from acceptance");
            long warmUpActivations = before - beforeWarmUp;
            Wrk.Result post = Wrk.run(ctx, "post", baseUrl, 32, seconds, postScript, postTokens.toString(), "2");
            long activated = Db.count(importUrl, "select count(*) from acceptance") - before;
            boolean enoughLinks = post.requests() <= links;
            table.add("POST /activate/{token} (accept), 32 connections, fsync on",
                    Table.rate(post.requestsPerSecond(), "activations/s") + ", p99 " + Table.num(post.p99Millis(), 1)
                            + " ms" + (post.errors() > 0 ? ", " + post.errors() + " errors" : ""),
                    "", "", "≥ 2,000/s, p99 ≤ 100 ms",
                    post.requestsPerSecond() >= 2000 && post.p99Millis() <= 100 && post.errors() == 0 && enoughLinks);
            table.note(String.format(Locale.ROOT, "Web: `serve` on the imported data; %,d POSTs answered, %,d "
                    + "activations stored (each on its own link%s); each wrk run follows a %d s warm-up"
                    + " (POST: %d s, %,d requests, %,d activations on other links).", post.requests(), activated,
                    enoughLinks ? "" : "; RAN OUT OF LINKS, later POSTs repeated one", warmup, postWarmup,
                    postWarmUp.requests(), warmUpActivations));
        }
    }

    /**
     * The clear tokens of the import's links (the bench knows key.secret), split three ways with no
     * link in two parts: 20% for GETs (which change nothing), and the rest, with their form tokens,
     * between the POST warm-up ({@code warmUpShare} of it, its share of the POST time) and the
     * measured POSTs. The warm-up needs links of its own for its whole duration: once out of links
     * it repeats a used one, and the activation path is no longer what the JIT compiles. Returns how
     * many links the measured POSTs may use.
     */
    private int writeTokens(String url, String baseUrl, Path getFile, Path postWarmUpFile, Path postFile,
                            double warmUpShare) throws Exception {
        KeyHasher hasher = new KeyHasher(KeySecret.load(Optional.of(BenchContext.KEY_SECRET), ctx.work(),
                new SecureRandom()));
        TokenSealer sealer = new TokenSealer(hasher, new SecureRandom());
        Csrf csrf = new Csrf(hasher, baseUrl);
        List<String> tokens = new ArrayList<>();
        try (Connection c = Db.connect(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select token_sealed from activation_link where used_at is null order by id")) {
            while (rs.next()) {
                tokens.add(sealer.open(rs.getString(1)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        int postEnd = tokens.size() * 80 / 100;
        int warmUpEnd = (int) (postEnd * warmUpShare);
        Files.writeString(postWarmUpFile, postLines(csrf, tokens.subList(0, warmUpEnd)));
        Files.writeString(postFile, postLines(csrf, tokens.subList(warmUpEnd, postEnd)));
        Files.write(getFile, tokens.subList(postEnd, tokens.size()));
        return postEnd - warmUpEnd;
    }

    /** "token csrf" per link: what post-accept.lua reads. */
    private static String postLines(Csrf csrf, List<String> tokens) {
        StringBuilder lines = new StringBuilder();
        for (String token : tokens) {
            String scope = "activate:" + HexFormat.of().formatHex(Tokens.hashOf(token).orElseThrow());
            lines.append(token).append(' ').append(csrf.token(scope)).append('\n');
        }
        return lines.toString();
    }

    // ---------------------------------------------------------------- start-up

    private void startupScenario() throws Exception {
        Path data = ctx.work().resolve("startup-data");
        int httpPort = freePort();
        Map<String, String> env = Map.of("ACTIVATION_DATA_DIR", data.toString(),
                "ACTIVATION_HTTP_PORT", Integer.toString(httpPort),
                "ACTIVATION_SMTP_PORT", Integer.toString(freePort()));
        URI health = URI.create("http://127.0.0.1:" + httpPort + "/healthz");
        try (ProductProcess first = ProductProcess.product(ctx, "startup-first", List.of(), env, "run")) {
            awaitHealthy(first, health, Duration.ofMinutes(3));
        }
        long t0 = System.nanoTime();
        double seconds;
        try (ProductProcess second = ProductProcess.product(ctx, "startup", List.of(), env, "run")) {
            awaitHealthy(second, health, Duration.ofMinutes(1));
            seconds = (System.nanoTime() - t0) / 1e9;
        }
        table.add("Start-up, embedded default, data dir initialised: process start → /healthz 200",
                Table.num(seconds, 2) + " s", "", "", "≤ 5 s", seconds <= 5);
    }

    static void awaitHealthy(ProductProcess p, URI health, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(1)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (!p.alive()) {
                throw new IllegalStateException("the process ended before /healthz answered; see " + p.log());
            }
            sleep(10);
        }
        throw new IllegalStateException("no /healthz 200 within " + timeout + "; see " + p.log());
    }

    // ---------------------------------------------------------------- plumbing

    /** The environment of a product process on a bench database (db.url set: a local PostgreSQL server). */
    Map<String, String> env(String dbUrl, int smtpPort, int httpPort, String name) throws IOException {
        Path emptyFeeds = ctx.work().resolve("feed-empty");
        Files.createDirectories(emptyFeeds);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ACTIVATION_DB_URL", dbUrl);
        env.put("ACTIVATION_DB_USER", "postgres");
        env.put("ACTIVATION_SMTP_HOST", "127.0.0.1");
        env.put("ACTIVATION_SMTP_PORT", Integer.toString(smtpPort));
        env.put("ACTIVATION_MAIL_FROM", MailRows.FROM);
        env.put("ACTIVATION_HTTP_PORT", Integer.toString(httpPort));
        env.put("ACTIVATION_PUBLIC_BASE_URL", "http://127.0.0.1:" + httpPort);
        env.put("ACTIVATION_FEED_DIR", emptyFeeds.toString());
        env.put("ACTIVATION_DATA_DIR", ctx.work().resolve("data-" + name).toString());
        env.put("ACTIVATION_KEY_SECRET", BenchContext.KEY_SECRET);
        env.put("ACTIVATION_PRODUCTS_FILE", ctx.repo().resolve("config/products.yaml").toString());
        env.put("ACTIVATION_TEMPLATES_DIR", ctx.repo().resolve("templates").toString());
        env.put("ACTIVATION_FEED_MAX_BYTES", Long.toString(64L * 1024 * 1024));
        return env;
    }

    String pgUrl() {
        return pg.jdbcUrl();
    }

    String createDatabase(String name) {
        Db.execute(pg.jdbcUrl(), "drop database if exists " + name);
        Db.execute(pg.jdbcUrl(), "create database " + name);
        return pg.jdbcUrl().replaceFirst("/postgres$", "/" + name);
    }

    private static String loadAverage() {
        try {
            return String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
        } catch (IOException e) {
            return "unknown";
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double d(Map<String, String> results, String key) {
        String v = results.get(key);
        if (v == null) {
            throw new IllegalStateException("no result " + key + " in " + results);
        }
        return Double.parseDouble(v);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
