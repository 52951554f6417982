package io.activationworker.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default database: a real PostgreSQL server whose data lives under
 * {@code data.dir/postgres}. Its port is written to {@code data.dir/postgres.port} so that every
 * command of this product uses the same server: the first process starts it, the others attach.
 * A server left running by a killed process is attached to as well, which is what lets a
 * {@code kill -9} be followed by a plain restart.
 *
 * <p>The process that started the server writes its pid to {@code data.dir/postgres.owner}. A
 * long-running process ({@link #adoptIfOrphaned}, {@link #keepRunning}) takes over a server whose
 * owner is gone, so it is stopped at the next clean stop instead of outliving every later run, and
 * starts the server again when it died (SIGKILL, OOM killer). One-shot commands do neither.
 * Public because bench/ (a build of its own) starts its PostgreSQL with the product's settings.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final String USER = "postgres";

    private final Path dataDir;
    private final boolean durable;
    private final int port;
    private Optional<EmbeddedPostgres> owned;

    private EmbeddedPostgresServer(Path dataDir, boolean durable, int port, Optional<EmbeddedPostgres> owned) {
        this.dataDir = dataDir;
        this.durable = durable;
        this.port = port;
        this.owned = owned;
    }

    /** Attaches to the server already running on this data directory, or starts it. */
    public static EmbeddedPostgresServer attachOrStart(Path dataDir, boolean durable) {
        Path portFile = dataDir.resolve("postgres.port");
        Optional<Integer> known = readPort(portFile);
        if (known.isPresent() && answers(url(known.get()))) {
            log.info("event=embedded_db_attached port={}", known.get());
            return new EmbeddedPostgresServer(dataDir, durable, known.get(), Optional.empty());
        }
        try {
            Files.createDirectories(dataDir);
            int port = known.filter(EmbeddedPostgresServer::isFree).orElseGet(EmbeddedPostgresServer::freePort);
            EmbeddedPostgres pg = startServer(dataDir, port, durable);
            Files.writeString(portFile, Integer.toString(port), StandardCharsets.US_ASCII);
            log.info("event=embedded_db_started port={} data={}", port, dataDir.resolve("postgres"));
            return new EmbeddedPostgresServer(dataDir, durable, port, Optional.of(pg));
        } catch (IOException e) {
            // Another process may have started it in the meantime: attach if it answers now.
            Optional<Integer> again = readPort(portFile);
            if (again.isPresent() && answers(url(again.get()))) {
                return new EmbeddedPostgresServer(dataDir, durable, again.get(), Optional.empty());
            }
            throw new UncheckedIOException("the embedded PostgreSQL under " + dataDir + " could not be started", e);
        }
    }

    private static EmbeddedPostgres startServer(Path dataDir, int port, boolean durable) throws IOException {
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir.resolve("postgres"))
                .setCleanDataDirectory(false)
                .setPort(port)
                // The embedded default keeps the same promises as a real server: no lost commits.
                .setServerConfig("fsync", durable ? "on" : "off")
                .setServerConfig("synchronous_commit", durable ? "on" : "off")
                .setServerConfig("max_connections", "200")
                .setServerConfig("listen_addresses", "127.0.0.1")
                .start();
        Files.writeString(dataDir.resolve("postgres.owner"), Long.toString(ProcessHandle.current().pid()),
                StandardCharsets.US_ASCII);
        return pg;
    }

    /**
     * For a long-running process at start: a server attached to whose owner is gone (a
     * {@code kill -9}ed run) is stopped and started again as this process's own.
     */
    public synchronized void adoptIfOrphaned() {
        if (owned.isPresent() || ownerAlive()) {
            return;
        }
        Optional<Long> postmaster = postmasterPid();
        log.info("event=embedded_db_orphaned port={} postmaster={} outcome=adopting", port, postmaster.orElse(-1L));
        postmaster.ifPresent(EmbeddedPostgresServer::stopFast);
        if (restart()) {
            log.info("event=embedded_db_adopted port={}", port);
        }
    }

    /**
     * For a long-running process, every few seconds: starts the server again when it stopped
     * answering because it died (the process is gone), unless another living process owns it (that
     * one restarts it). A server that is alive but slow or paused is left alone.
     */
    public synchronized void keepRunning() {
        if (answers(jdbcUrl()) || postmasterPid().filter(EmbeddedPostgresServer::alive).isPresent()) {
            return;
        }
        if (owned.isEmpty() && ownerAlive()) {
            return;
        }
        log.warn("event=embedded_db_died port={} outcome=restarting", port);
        if (restart()) {
            log.warn("event=embedded_db_restarted port={} data={}", port, dataDir.resolve("postgres"));
        }
    }

    private boolean restart() {
        owned.ifPresent(EmbeddedPostgresServer::closeQuietly);
        owned = Optional.empty();
        try {
            owned = Optional.of(startServer(dataDir, port, durable));
            return true;
        } catch (IOException | RuntimeException e) {
            // Backends of a killed server can hold its shared memory for a moment: tried again next round.
            log.warn("event=embedded_db_start_failed port={} reason=\"{}\" outcome=retry", port, e.toString());
            return false;
        }
    }

    private boolean ownerAlive() {
        try {
            long pid = Long.parseLong(Files.readString(dataDir.resolve("postgres.owner"), StandardCharsets.US_ASCII).trim());
            return pid == ProcessHandle.current().pid() || alive(pid);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    private Optional<Long> postmasterPid() {
        try {
            return Optional.of(Long.parseLong(Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"),
                    StandardCharsets.US_ASCII).get(0).trim()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** SIGINT: PostgreSQL's fast shutdown (connections are cut, everything committed is kept). */
    private static void stopFast(long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid)).redirectErrorStream(true).start();
            kill.waitFor(10, TimeUnit.SECONDS);
            Optional<ProcessHandle> postmaster = ProcessHandle.of(pid);
            if (postmaster.isPresent()) {
                postmaster.get().onExit().get(30, TimeUnit.SECONDS);
            }
        } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.warn("event=embedded_db_stop_failed pid={} reason=\"{}\"", pid, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String jdbcUrl() {
        return url(port);
    }

    public String user() {
        return USER;
    }

    /** True when this process started the server (and so stops it on close). */
    public synchronized boolean owner() {
        return owned.isPresent();
    }

    @Override
    public synchronized void close() {
        owned.ifPresent(pg -> {
            try {
                pg.close();
                log.info("event=embedded_db_stopped");
            } catch (IOException e) {
                log.warn("event=embedded_db_stop_failed reason=\"{}\"", e, e);
            }
        });
        owned = Optional.empty();
    }

    private static void closeQuietly(EmbeddedPostgres pg) {
        try {
            pg.close(); // a dead server cannot be stopped; this releases its lock file
        } catch (IOException | RuntimeException e) {
            log.debug("event=embedded_db_close_failed reason=\"{}\"", e.toString());
        }
    }

    private static String url(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    private static Optional<Integer> readPort(Path portFile) {
        try {
            return Optional.of(Integer.parseInt(Files.readString(portFile, StandardCharsets.US_ASCII).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean answers(String url) {
        DriverManager.setLoginTimeout(3);
        try (Connection c = DriverManager.getConnection(url, USER, "")) {
            return c.isValid(3);
        } catch (SQLException e) {
            return false;
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
