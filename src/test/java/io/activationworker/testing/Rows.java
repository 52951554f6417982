package io.activationworker.testing;

import io.activationworker.db.Database;
import java.util.List;

/** What a test reads back from the product's tables: one number, or one column of text. */
public final class Rows {

    private Rows() {
    }

    /** The single number the query returns, e.g. {@code select count(*) from outbox_message}. */
    public static long count(Database db, String sql) {
        return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    /** The first column of every row the query returns. */
    public static List<String> strings(Database db, String sql) {
        return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(String.class).list());
    }
}
