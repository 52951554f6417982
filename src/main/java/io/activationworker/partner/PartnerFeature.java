package io.activationworker.partner;

import io.activationworker.config.AppConfig;
import io.activationworker.db.Database;
import io.activationworker.feed.FeedImporter;
import io.activationworker.feed.FeedReader;
import io.activationworker.outbox.DeliveryListener;
import io.activationworker.outbox.Outbox;
import io.activationworker.web.Route;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * Wires the partner's side (issue 16) from the configuration: the partner API's routes, the
 * webhook worker, and the delivery-failure notices (on the sender's hook and on the minute's run).
 */
public final class PartnerFeature {

    /** Webhook deliveries in flight at once, per process. */
    private static final int WEBHOOK_THREADS = 4;
    /** A claim holds for this many tries at {@code webhook.timeout}: longer than a batch of tries. */
    private static final int WEBHOOK_LEASE_IN_TIMEOUTS = 25;
    /** How often an idle webhook worker looks for events that another process queued. */
    private static final Duration WEBHOOK_IDLE_POLL = Duration.ofSeconds(1);

    private final AppConfig config;
    private final Database database;
    private final PartnerTokens tokens;
    private final WebhookSecrets secrets;
    private final FeedReader reader;
    private final FeedImporter importer;
    private final Clock clock;
    private final DeliveryFailures failures;

    public PartnerFeature(AppConfig config, Database database, PartnerTokens tokens, WebhookSecrets secrets,
                          FeedReader reader, FeedImporter importer, Outbox outbox, Clock clock) {
        this.config = config;
        this.database = database;
        this.tokens = tokens;
        this.secrets = secrets;
        this.reader = reader;
        this.importer = importer;
        this.clock = clock;
        this.failures = new DeliveryFailures(database.jdbi(), outbox, clock);
    }

    /** {@code PUT /partner/feeds/{name}} and {@code GET /partner/agreements}. */
    public List<Route> routes() {
        return new PartnerApi(tokens, reader, importer, new AgreementStatusRows(database.dataSource()),
                config.feedMaxBytes()).routes();
    }

    /** The webhook worker, not started. */
    public WebhookWorker webhookWorker() {
        return new WebhookWorker(database.jdbi(),
                new WebhookClient(config.webhookTimeout(), config.webhookAllowPrivate(), clock), secrets,
                new WebhookSchedule(new Random()), clock, WEBHOOK_THREADS,
                config.webhookTimeout().multipliedBy(WEBHOOK_LEASE_IN_TIMEOUTS), WEBHOOK_IDLE_POLL);
    }

    /** The sender's listener: a message that failed for good is noticed at once, then {@code next} is told. */
    public DeliveryListener noticingFailures(DeliveryListener next) {
        return failures.listeningAfter(next);
    }

    /** The minute's run: failures whose hook did not run (a crash). */
    public void noticeMissedFailures() {
        failures.runOnce();
    }
}
