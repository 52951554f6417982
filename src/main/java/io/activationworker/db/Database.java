package io.activationworker.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.activationworker.config.AppConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.TemplateEngine;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * The connection pool and Jdbi for the configured PostgreSQL (or the embedded one), with the
 * schema migrated. Closing it releases the pool and stops an embedded server this process started.
 */
public final class Database implements AutoCloseable {

    private final HikariDataSource dataSource;
    private volatile Jdbi jdbi;
    private final Optional<EmbeddedPostgresServer> embedded;

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
        // Fail fast when PostgreSQL is down, so a web request answers 503 instead of hanging.
        hc.setConnectionTimeout(3_000);
        hc.setInitializationFailTimeout(30_000);
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

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
        embedded.ifPresent(EmbeddedPostgresServer::close);
    }
}
