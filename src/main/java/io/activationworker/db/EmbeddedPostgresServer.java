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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default database: a real PostgreSQL server whose data lives under
 * {@code data.dir/postgres}. Its port is written to {@code data.dir/postgres.port} so that every
 * command of this product uses the same server: the first process starts it, the others attach.
 * A server left running by a killed process is attached to as well, which is what lets a
 * {@code kill -9} be followed by a plain restart.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final String USER = "postgres";

    private final String jdbcUrl;
    private final Optional<EmbeddedPostgres> owned;

    private EmbeddedPostgresServer(String jdbcUrl, Optional<EmbeddedPostgres> owned) {
        this.jdbcUrl = jdbcUrl;
        this.owned = owned;
    }

    /** Attaches to the server already running on this data directory, or starts it. */
    public static EmbeddedPostgresServer attachOrStart(Path dataDir, boolean durable) {
        Path portFile = dataDir.resolve("postgres.port");
        Optional<Integer> known = readPort(portFile);
        if (known.isPresent() && answers(url(known.get()))) {
            log.info("event=embedded_db_attached port={}", known.get());
            return new EmbeddedPostgresServer(url(known.get()), Optional.empty());
        }
        try {
            Files.createDirectories(dataDir);
            int port = known.filter(EmbeddedPostgresServer::isFree).orElseGet(EmbeddedPostgresServer::freePort);
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
            Files.writeString(portFile, Integer.toString(port), StandardCharsets.US_ASCII);
            log.info("event=embedded_db_started port={} data={}", port, dataDir.resolve("postgres"));
            return new EmbeddedPostgresServer(url(port), Optional.of(pg));
        } catch (IOException e) {
            // Another process may have started it in the meantime: attach if it answers now.
            Optional<Integer> again = readPort(portFile);
            if (again.isPresent() && answers(url(again.get()))) {
                return new EmbeddedPostgresServer(url(again.get()), Optional.empty());
            }
            throw new UncheckedIOException("the embedded PostgreSQL under " + dataDir + " could not be started", e);
        }
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String user() {
        return USER;
    }

    /** True when this process started the server (and so stops it on close). */
    public boolean owner() {
        return owned.isPresent();
    }

    @Override
    public void close() {
        owned.ifPresent(pg -> {
            try {
                pg.close();
                log.info("event=embedded_db_stopped");
            } catch (IOException e) {
                log.warn("event=embedded_db_stop_failed reason=\"{}\"", e, e);
            }
        });
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
