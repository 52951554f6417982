package io.activationworker.db;

import java.util.function.IntConsumer;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.util.PSQLException;

/**
 * The one transaction idiom: a use case runs {@code jdbi.inTransaction(h -> …)} with every DAO on
 * that handle. {@link #retryingOnUniqueViolation} is that idiom for a use case whose transaction
 * can lose a race to create the same row: it rolls back whole, and the next run finds the row.
 */
public final class Transactions {

    private Transactions() {
    }

    /**
     * Runs {@code work} in one transaction, again (up to {@code attempts} runs in all) when it
     * failed on the unique constraint named {@code constraint}; {@code onRetry} hears of each retry
     * with the number of the attempt that failed. Any other failure, or the last one, is thrown.
     */
    public static <T> T retryingOnUniqueViolation(Jdbi jdbi, String constraint, int attempts,
                                                  HandleCallback<T, RuntimeException> work, IntConsumer onRetry) {
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbi.inTransaction(work);
            } catch (RuntimeException e) {
                if (attempt >= attempts || !violated(e, constraint)) {
                    throw e;
                }
                onRetry.accept(attempt);
            }
        }
    }

    /** True when {@code e} was caused by a statement breaking the unique constraint {@code constraint}. */
    static boolean violated(Throwable e, String constraint) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PSQLException p && "23505".equals(p.getSQLState()) && p.getServerErrorMessage() != null
                    && constraint.equals(p.getServerErrorMessage().getConstraint())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
