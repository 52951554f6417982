package io.activationworker.outbox;

import io.activationworker.config.AppConfig;
import io.activationworker.db.Database;
import io.activationworker.key.TokenSealer;
import io.activationworker.mail.DkimSigning;
import io.activationworker.mail.MailComposer;
import io.activationworker.mail.MailRenderer;
import io.activationworker.mail.RelayThrottle;
import io.activationworker.mail.SmtpConnection;
import io.activationworker.mail.SmtpSettings;
import io.activationworker.sendrate.SendRateCap;
import jakarta.mail.Session;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;

/**
 * Wires the worker's sender from the configuration: the renderer (templates, DKIM when
 * {@code dkim.domain} is set), the relay's connections and throttle, the {@code worker.*} settings,
 * the backoff and the shared {@code smtp.max-per-second} cap.
 */
public final class OutboxFeature {

    /** The longest wait between two tries of one message, however many it has had. */
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(30);
    /** How often an idle worker looks for rows that another process queued. */
    private static final Duration IDLE_POLL = Duration.ofSeconds(1);

    private final AppConfig config;
    private final Database database;
    private final TokenSealer sealer;
    private final Clock clock;

    public OutboxFeature(AppConfig config, Database database, TokenSealer sealer, Clock clock) {
        this.config = config;
        this.database = database;
        this.sealer = sealer;
        this.clock = clock;
    }

    /** The sender, not started, delivering through {@code smtp} and telling {@code listener} each outcome. */
    public OutboxWorker worker(SmtpSettings smtp, DeliveryListener listener) {
        AppConfig c = config;
        Session session = smtp.session();
        Optional<DkimSigning> dkim = c.dkimDomain().map(domain ->
                new DkimSigning(domain, c.dkimSelector(), c.dkimPrivateKeyFile().orElseThrow()));
        OutboxRenderer renderer = new OutboxRenderer(new MailRenderer(c.templatesDir()),
                new MailComposer(session, c.mailFrom()), sealer, dkim);
        RelayThrottle throttle = RelayThrottle.forRelay(c.workerThreads());
        return new OutboxWorker(new DeliveryDao(database.dataSource()), renderer,
                () -> new SmtpConnection(session, smtp, throttle),
                new WorkerSettings(c.workerThreads(), c.workerBatchSize(), c.workerLease(), c.workerMaxAttempts(),
                        IDLE_POLL),
                new Backoff(c.workerRetryBase(), MAX_BACKOFF, new Random()),
                clock, listener, throttle, SendRateCap.of(database.jdbi(), c.smtpMaxPerSecond()));
    }
}
