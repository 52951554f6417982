package io.activationworker.db;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

/** Versioned schema migrations (Flyway, {@code src/main/resources/db/migration}). */
public final class Migrations {

    private Migrations() {
    }

    public static void apply(DataSource dataSource) {
        flyway(dataSource).migrate();
    }

    /** True when every migration this build knows has been applied (the readiness check). */
    public static boolean current(DataSource dataSource) {
        MigrationInfo[] pending = flyway(dataSource).info().pending();
        return pending.length == 0;
    }

    private static Flyway flyway(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .loggers("slf4j")
                .load();
    }
}
