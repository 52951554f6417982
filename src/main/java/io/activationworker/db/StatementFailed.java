package io.activationworker.db;

import java.sql.SQLException;

/**
 * A statement run over plain JDBC (the few hot paths that skip Jdbi) failed. The cause is kept,
 * so {@link DatabaseUnavailable} still tells an outage (503) from a bug (500).
 */
public final class StatementFailed extends RuntimeException {

    public StatementFailed(String what, SQLException cause) {
        super(what + " failed: " + cause.getMessage(), cause);
    }
}
