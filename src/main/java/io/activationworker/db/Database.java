package io.activationworker.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.activationworker.config.AppConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.spi.JdbiPlugin;
import org.jdbi.v3.core.statement.TemplateEngine;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.slf4j.LoggerFactory;

/**
 * The connection pool and Jdbi for the configured PostgreSQL (or the embedded one), with the
 * schema migrated. Closing it releases the pool and stops an embedded server this process started.
 */
public final class Database implements AutoCloseable {

    /**
     * How long a statement may wait for PostgreSQL's answer (JDBC {@code socketTimeout}). A paused
     * or unreachable server must cost a web request a 503 within seconds, not a hung thread; every
     * statement on a page is a few milliseconds. Long work uses {@link #bulkJdbi()} instead.
     */
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(4);
    /** How long to wait for a TCP connection and for PostgreSQL's login answer. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** How long a caller waits for a pooled connection before the pool gives up (then: 503). */
    static final Duration POOL_TIMEOUT = Duration.ofSeconds(2);
    /** The socket timeout of {@link #bulkJdbi()}: a feed import may wait this long for another instance's. */
    static final Duration BULK_SOCKET_TIMEOUT = Duration.ofMinutes(30);

    private final HikariDataSource dataSource;
    private volatile Jdbi jdbi;
    private volatile Jdbi bulkJdbi;
    private final Optional<EmbeddedPostgresServer> embedded;
    private final ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "embedded-db-supervisor");
        t.setDaemon(true);
        return t;
    });

    private Database(HikariDataSource dataSource, Optional<EmbeddedPostgresServer> embedded) {
        this.dataSource = dataSource;
        this.embedded = embedded;
    }

    /**
     * Built on first use: Jdbi with its plugins loads some 800 classes, most of what a short
     * command like {@code status} (plain JDBC) would otherwise spend its time on.
     */
    private static Jdbi createJdbi(DataSource dataSource) {
        return Jdbi.create(dataSource)
                .installPlugin(new SqlObjectPlugin())
                .installPlugin(new PostgresPlugin())
                // No statement uses Jdbi's <name> templates; the default engine still lexed every
                // statement's SQL with ANTLR (seen in the worker's profile), so it is switched off.
                .setTemplateEngine(TemplateEngine.NOP);
    }

    /** Connects (starting the embedded server when {@code db.url} is empty) and migrates. */
    public static Database open(AppConfig config, int poolSize) {
        Database db = connectTo(config, poolSize);
        Migrations.apply(db.dataSource);
        return db;
    }

    /**
     * For a command that only reads ({@code status}): connects like {@link #open}, but runs the
     * migrations only on a database that was never migrated. Loading Flyway and scanning the jar
     * for migrations was the largest part of {@code status}'s time while {@code run} was up (and
     * had migrated already); a process that writes still migrates on start.
     */
    public static Database openToRead(AppConfig config, int poolSize) {
        Database db = connectTo(config, poolSize);
        boolean migratedBefore;
        try (Connection c = db.dataSource.getConnection();
             ResultSet rs = c.createStatement().executeQuery("select to_regclass('flyway_schema_history') is not null")) {
            migratedBefore = rs.next() && rs.getBoolean(1);
        } catch (SQLException e) {
            throw new StatementFailed("checking whether the schema was migrated", e);
        }
        if (!migratedBefore) {
            Migrations.apply(db.dataSource);
        }
        return db;
    }

    private static Database connectTo(AppConfig config, int poolSize) {
        Optional<EmbeddedPostgresServer> embedded = config.embeddedDatabase()
                ? Optional.of(EmbeddedPostgresServer.attachOrStart(config.dataDir(), true))
                : Optional.empty();
        String url = embedded.map(EmbeddedPostgresServer::jdbcUrl).orElseGet(() -> config.dbUrl().orElseThrow());
        String user = embedded.map(EmbeddedPostgresServer::user).orElse(config.dbUser());
        String password = embedded.isPresent() ? "" : config.dbPassword();
        return new Database(pool(url, user, password, poolSize), embedded);
    }

    /** For tests: a database on an existing server, migrated. */
    public static Database connect(String url, String user, String password, int poolSize) {
        Database db = new Database(pool(url, user, password, poolSize), Optional.empty());
        Migrations.apply(db.dataSource);
        return db;
    }

    private static HikariDataSource pool(String url, String user, String password, int poolSize) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        hc.setUsername(user);
        hc.setPassword(password);
        hc.setMaximumPoolSize(poolSize);
        hc.setPoolName("activation-db");
        // Fail fast when PostgreSQL is down or paused, so a web request answers 503 instead of hanging:
        // a pooled connection idle for a moment is checked within a second before it is handed out,
        // a new one must connect and log in within CONNECT_TIMEOUT, and every answer must come within
        // SOCKET_TIMEOUT. A connection that timed out is broken and replaced, so recovery is automatic.
        hc.setConnectionTimeout(POOL_TIMEOUT.toMillis());
        hc.setValidationTimeout(1_000);
        hc.setInitializationFailTimeout(30_000);
        hc.addDataSourceProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
        hc.addDataSourceProperty("loginTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
        hc.addDataSourceProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT.toSeconds()));
        hc.addDataSourceProperty("reWriteBatchedInserts", "true");
        hc.addDataSourceProperty("tcpKeepAlive", "true");
        hc.addDataSourceProperty("ApplicationName", "activation-worker");
        return new HikariDataSource(hc);
    }

    /**
     * Builds Jdbi's SqlObject metadata for these DAO types once, on the shared configuration.
     * Jdbi 3.45 caches it only when an extension is first used from the {@code Jdbi} itself; a type
     * only ever reached through {@code Handle.attach} is re-analysed by reflection on every attach
     * (jdbi/jdbi#2991), which made that analysis most of the CPU time of a page view.
     */
    public void prepareDaos(Class<?>... daoTypes) {
        for (Class<?> type : daoTypes) {
            jdbi().withExtension(type, dao -> null);
            bulkJdbi().withExtension(type, dao -> null);
        }
    }

    public Jdbi jdbi() {
        Jdbi j = jdbi;
        if (j == null) {
            synchronized (this) {
                if (jdbi == null) {
                    jdbi = createJdbi(dataSource);
                }
                j = jdbi;
            }
        }
        return j;
    }

    /**
     * The same pool for long work (feed imports: large statements, waiting for another instance's
     * import), with a socket timeout of {@link #BULK_SOCKET_TIMEOUT} instead of seconds.
     */
    public Jdbi bulkJdbi() {
        Jdbi j = bulkJdbi;
        if (j == null) {
            synchronized (this) {
                if (bulkJdbi == null) {
                    bulkJdbi = createJdbi(dataSource).installPlugin(new JdbiPlugin() {
                        @Override
                        public Handle customizeHandle(Handle handle) throws SQLException {
                            // The pool puts the short timeout back when the connection is returned.
                            handle.getConnection().setNetworkTimeout(Runnable::run, (int) BULK_SOCKET_TIMEOUT.toMillis());
                            return handle;
                        }
                    });
                }
                j = bulkJdbi;
            }
        }
        return j;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * For a long-running process on the embedded server: takes over a server left by a killed run,
     * and checks every {@code every} that it runs, starting it again when it died. The pool
     * reconnects by itself once it answers. No-op with an external {@code db.url}: there the pool
     * keeps retrying until the operator's server is back.
     */
    public void superviseEmbedded(Duration every) {
        embedded.ifPresent(server -> {
            server.adoptIfOrphaned();
            supervisor.scheduleWithFixedDelay(() -> {
                try {
                    server.keepRunning();
                } catch (RuntimeException e) {
                    LoggerFactory.getLogger(Database.class).warn("event=embedded_db_check_failed reason=\"{}\"", e, e);
                }
            }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    @Override
    public void close() {
        supervisor.shutdownNow();
        dataSource.close();
        embedded.ifPresent(EmbeddedPostgresServer::close);
    }
}
