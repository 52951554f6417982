package io.activationworker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.testing.Browser;
import io.activationworker.testing.Feeds;
import io.activationworker.testing.FreePort;
import io.activationworker.testing.Mails;
import io.activationworker.testing.TestApp;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * management.port: /metrics and /readyz answer there only (404 on the public port), /healthz on
 * both; metric route labels are route names, never regular expressions.
 */
class ManagementPortIT {

    private TestApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void metrics_and_readiness_move_to_the_management_port_and_health_answers_on_both() {
        int managementPort = FreePort.pick();
        app = TestApp.start(Map.of("management.port", Integer.toString(managementPort)), Clock.systemUTC(), true, true);
        assertThat(app.roles.managementPort()).hasValue(managementPort);
        app.importFeed("northwind.yaml", Feeds.standard());
        String link = Mails.link(app.awaitMessages(1).get(0), app.baseUrl + "/activate/");
        Browser publicSide = new Browser(app.baseUrl);
        Browser management = new Browser("http://127.0.0.1:" + managementPort);

        assertThat(publicSide.get(link).statusCode()).isEqualTo(200);
        assertThat(publicSide.get("/metrics").statusCode()).isEqualTo(404);
        assertThat(publicSide.get("/readyz").statusCode()).isEqualTo(404);
        assertThat(publicSide.get("/healthz").statusCode()).isEqualTo(200);

        assertThat(management.get("/healthz").statusCode()).isEqualTo(200);
        assertThat(management.get("/readyz").body()).isEqualTo("ready\n");
        assertThat(management.get(java.net.URI.create(link).getRawPath()).statusCode()).as("pages are not served on the management port").isEqualTo(404);
        String metrics = management.get("/metrics").body();
        assertThat(metrics)
                .contains("activation_http_requests_seconds_count{method=\"GET\",route=\"/activate/{token}\",status=\"2xx\"}")
                .contains("route=\"/healthz\"")
                .doesNotContain("[^/]", "(?<", "\\d");
    }

    @Test
    void without_a_management_port_everything_answers_on_the_public_port() {
        app = TestApp.start();
        assertThat(app.roles.managementPort()).isEmpty();
        Browser browser = new Browser(app.baseUrl);
        assertThat(browser.get("/metrics").statusCode()).isEqualTo(200);
        assertThat(browser.get("/readyz").statusCode()).isEqualTo(200);
        assertThat(browser.get("/healthz").statusCode()).isEqualTo(200);
    }
}
