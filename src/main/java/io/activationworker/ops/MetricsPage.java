package io.activationworker.ops;

import io.activationworker.web.Route;
import io.activationworker.web.WebResponse;
import java.util.List;

/** {@code GET /metrics} in the Prometheus text format. */
final class MetricsPage {

    private final AppMetrics metrics;

    MetricsPage(AppMetrics metrics) {
        this.metrics = metrics;
    }

    List<Route> routes() {
        return List.of(Route.get("/metrics", (req, m) ->
                WebResponse.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape())));
    }
}
