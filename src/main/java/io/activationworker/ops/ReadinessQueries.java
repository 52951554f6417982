package io.activationworker.ops;

import io.activationworker.db.Database;
import io.activationworker.db.Migrations;

/** The readiness check's two questions to the database: does it answer, are the migrations current. */
final class ReadinessQueries {

    private final Database database;

    ReadinessQueries(Database database) {
        this.database = database;
    }

    /** Returns when the database answers; throws when it does not. */
    void ping() {
        database.jdbi().useExtension(StatusDao.class, StatusDao::ping);
    }

    boolean migrationsCurrent() {
        return Migrations.current(database.dataSource());
    }
}
