package io.activationworker.ops;

import io.activationworker.db.Database;
import io.activationworker.web.Route;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Wires operations: the metrics every part reports to, {@code /healthz}, {@code /readyz} and
 * {@code /metrics}, and the worker's housekeeping.
 */
public final class OpsFeature {

    private final Database database;
    private final Housekeeping housekeeping;
    private final AppMetrics metrics;

    public OpsFeature(Database database, Clock clock) {
        this.database = database;
        this.housekeeping = new Housekeeping(database.jdbi(), clock);
        this.metrics = new AppMetrics(new CachedDatabaseGauges(database.jdbi()));
    }

    public AppMetrics metrics() {
        return metrics;
    }

    /** {@code /healthz}, {@code /readyz} and {@code /metrics}. */
    public List<Route> routes() {
        List<Route> routes = new ArrayList<>(new HealthPages(new ReadinessQueries(database)).routes());
        routes.addAll(new MetricsPage(metrics).routes());
        return routes;
    }

    /** The minute's run: deletes expired sessions, old rate-limit entries, expired sealed tokens. */
    public void housekeeping() {
        housekeeping.runOnce();
    }
}
