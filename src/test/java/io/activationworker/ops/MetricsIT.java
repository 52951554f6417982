package io.activationworker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.testing.Browser;
import io.activationworker.testing.Feeds;
import io.activationworker.testing.Mails;
import io.activationworker.testing.TestApp;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsIT {

    @Test
    void metrics_show_deliveries_outbox_activations_http_latency_and_the_jvm() {
        try (TestApp app = TestApp.start()) {
            app.importFeed("northwind.yaml", Feeds.standard());
            Browser browser = new Browser(app.baseUrl);
            String link = Mails.link(app.awaitMessages(1).get(0), app.baseUrl + "/activate/");
            browser.get(link);
            browser.post(link, Map.of("accept", "yes"));
            app.awaitMessages(2);
            assertThat(browser.get("/healthz").statusCode()).isEqualTo(200);
            assertThat(browser.get("/readyz").body()).isEqualTo("ready\n");

            HttpResponse<String> metrics = browser.get("/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).get().asString().startsWith("text/plain");
            assertThat(metrics.body())
                    .contains("activation_messages_total{kind=\"activation_link\",outcome=\"sent\"} 1.0")
                    .contains("activation_outbox_messages{state=\"queued\"}")
                    .contains("activation_outbox_oldest_queued_seconds")
                    .contains("activation_key_redemptions{action=\"activate\"} 1.0")
                    .contains("activation_feed_rejections_total")
                    .contains("activation_http_requests_seconds_bucket{method=\"GET\",route=\"/activate/{token}\"")
                    .contains("jvm_memory_used_bytes");
        }
    }
}
