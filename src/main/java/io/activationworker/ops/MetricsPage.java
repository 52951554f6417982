package io.activationworker.ops;

import io.activationworker.web.Route;
import io.activationworker.web.WebResponse;
import java.util.List;

/** {@code GET /metrics} in the Prometheus text format. */
public final class MetricsPage {

    private final AppMetrics metrics;

    public MetricsPage(AppMetrics metrics) {
        this.metrics = metrics;
    }

    public List<Route> routes() {
        return List.of(Route.get("/metrics", (req, m) ->
                WebResponse.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape())));
    }
}
