package io.activationworker.ops;

import io.activationworker.outbox.DeliveryListener;
import io.activationworker.outbox.OutboxMessage;
import io.activationworker.web.RequestListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Every metric of the process, in one Prometheus registry: deliveries by kind and outcome,
 * HTTP latency by route, feed rejections, JVM basics, and gauges read from PostgreSQL (outbox by
 * state, oldest queued age, key redemptions) so that every instance reports the shared truth.
 */
public final class AppMetrics implements DeliveryListener, RequestListener {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter feedRejections;
    /** HTTP timers by route and status class. */
    private final Map<String, Timer> httpTimers = new ConcurrentHashMap<>();

    public AppMetrics(DatabaseGauges gauges) {
        this.feedRejections = Counter.builder("activation_feed_rejections")
                .description("Agreements, keys and files rejected by feed imports").register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        for (String state : StatusCounts.OUTBOX_STATES) {
            gauge("activation_outbox_messages", "Outbox messages by state", "state", state,
                    () -> gauges.snapshot().outbox().get(state));
        }
        Gauge.builder("activation_outbox_oldest_queued_seconds", () -> gauges.snapshot().oldestQueuedSeconds())
                .description("Age of the oldest message waiting to be sent").register(registry);
        for (String state : StatusCounts.WEBHOOK_STATES) { // issue 16
            gauge("activation_webhook_events", "Partner webhook events by state", "state", state,
                    () -> gauges.snapshot().webhooks().get(state));
        }
        Gauge.builder("activation_undeliverable_agreements", () -> gauges.snapshot().undeliverable())
                .description("Agreements whose activation mail failed for good").register(registry);
        for (String action : new String[] {"activate", "extend", "add"}) {
            gauge("activation_key_redemptions", "Product keys redeemed, by what they did", "action", action,
                    () -> gauges.redemptions().getOrDefault(action, 0L));
        }
    }

    private void gauge(String name, String help, String tag, String value, Supplier<Number> read) {
        Gauge.builder(name, read).description(help).tag(tag, value).register(registry);
    }

    @Override
    public void sent(OutboxMessage message, Duration took) {
        deliveries(message, "sent").increment();
    }

    @Override
    public void retried(OutboxMessage message) {
        deliveries(message, "retried").increment();
    }

    @Override
    public void failed(OutboxMessage message) {
        deliveries(message, "failed").increment();
    }

    /** issue 18: the relay answered "slow down"; the message goes again without a try counted. */
    @Override
    public void throttled(OutboxMessage message) {
        deliveries(message, "throttled").increment();
    }

    private Counter deliveries(OutboxMessage message, String outcome) {
        return Counter.builder("activation_messages").description("Email delivery attempts by kind and outcome")
                .tags("kind", message.kind(), "outcome", outcome).register(registry);
    }

    @Override
    public void completed(String method, String route, int status, long nanos) {
        // Looked up in a map of our own: building the tags and the meter id on every request was a
        // measurable part of a page view.
        httpTimers.computeIfAbsent(method + ' ' + route + ' ' + status / 100, k -> Timer.builder("activation_http_requests")
                        .description("HTTP requests by method, route and status class")
                        .tags("method", method, "route", route, "status", (status / 100) + "xx")
                        .publishPercentileHistogram()
                        .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(100))
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void feedRejections(int count) {
        feedRejections.increment(count);
    }

    public String scrape() {
        return registry.scrape();
    }

    /** Counts read from PostgreSQL, at most every few seconds whatever the scrape rate. */
    public interface DatabaseGauges {
        StatusCounts snapshot();

        Map<String, Long> redemptions();
    }
}
