package io.activationworker.ops;

import io.activationworker.db.Migrations;
import io.activationworker.web.Route;
import io.activationworker.web.WebResponse;
import java.util.List;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/** {@code /healthz} (the process is up) and {@code /readyz} (database answers, migrations current). */
public final class HealthPages {

    private final Jdbi jdbi;
    private final DataSource dataSource;

    public HealthPages(Jdbi jdbi, DataSource dataSource) {
        this.jdbi = jdbi;
        this.dataSource = dataSource;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/healthz", (req, m) -> WebResponse.text(200, "text/plain; charset=utf-8", "ok\n")),
                Route.get("/readyz", (req, m) -> ready()));
    }

    private WebResponse ready() {
        try {
            jdbi.useExtension(StatusDao.class, StatusDao::ping);
            if (!Migrations.current(dataSource)) {
                return WebResponse.text(503, "text/plain; charset=utf-8", "migrations pending\n");
            }
            return WebResponse.text(200, "text/plain; charset=utf-8", "ready\n");
        } catch (RuntimeException e) {
            return WebResponse.text(503, "text/plain; charset=utf-8", "database unavailable\n");
        }
    }
}
