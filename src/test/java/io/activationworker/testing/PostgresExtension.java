package io.activationworker.testing;

import io.activationworker.db.Database;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * A fresh, migrated database on the shared test PostgreSQL ({@link TestPostgres}) for each test,
 * with a pool of its own (opened on first use), closed after the test:
 * {@code @RegisterExtension final PostgresExtension db = new PostgresExtension();}.
 */
public final class PostgresExtension extends Fixture {

    private final int poolSize;
    private String url;
    private Database database;

    /** A pool of eight, enough for a test that runs the product's code in this JVM. */
    public PostgresExtension() {
        this(8);
    }

    /** A pool of the given size; two suffice to read what a product process wrote. */
    public PostgresExtension(int poolSize) {
        this.poolSize = poolSize;
    }

    @Override
    protected void open() {
        url = TestPostgres.newDatabaseUrl();
    }

    @Override
    protected synchronized void close() {
        if (database != null) {
            database.close();
            database = null;
        }
    }

    public synchronized Database database() {
        if (database == null) {
            database = Database.connect(url, "postgres", "", poolSize);
        }
        return database;
    }

    /** The JDBC URL, for a product process ({@code db.url}) or a raw connection. */
    public String url() {
        return url;
    }

    public Jdbi jdbi() {
        return database().jdbi();
    }

    /** The single number the query returns, e.g. {@code select count(*) from outbox_message}. */
    public long count(String sql) {
        return Rows.count(database(), sql);
    }

    /** The first column of every row the query returns. */
    public List<String> strings(String sql) {
        return Rows.strings(database(), sql);
    }
}
