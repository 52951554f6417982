package io.activationworker.cli;

import io.activationworker.db.Database;
import io.activationworker.partner.AgreementStatusRows;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import io.activationworker.ops.StatusCounts;
import io.activationworker.ops.StatusQueries;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Counts: agreements, keys, subscriptions and outbox by state, age of the oldest queued message.")
public final class StatusCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--json", description = "Print one JSON object (the shape DESIGN.md fixes).")
    boolean json;

    // issue 16
    @Option(names = "--partner", paramLabel = "ID",
            description = "That partner's agreements instead, one row each (state, administrator, activation, last mail).")
    String partner;

    @Override
    public Integer call() throws IOException, SQLException {
        // Only the database (issue 17): the catalogue, key secret, templates and the other DAOs of
        // Services are not needed to count rows, and the schema is migrated unless the database is new.
        try (Database database = Database.openToRead(config.load(), 2)) {
            if (partner != null) {
                // Plain JDBC here too: Jdbi would be loaded for this one lookup.
                AgreementStatusRows rows = new AgreementStatusRows(database.dataSource());
                if (!rows.partnerExists(partner)) {
                    System.err.println(partner + ": no such partner (its feed was never imported)");
                    return 1;
                }
                if (json) {
                    rows.writeJson(partner, System.out);
                    System.out.println();
                } else {
                    rows.writeText(partner, System.out);
                }
                System.out.flush();
                return 0;
            }
            StatusCounts counts;
            try (Connection c = database.dataSource().getConnection()) {
                counts = StatusCounts.read(new StatusQueries(c));
            }
            System.out.print(json ? counts.asJson() + "\n" : counts.asText());
        }
        return 0;
    }
}
