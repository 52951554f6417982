package io.activationworker;

import io.activationworker.activation.AcceptanceDao;
import io.activationworker.activation.ActivationLinkDao;
import io.activationworker.activation.ActivationLinks;
import io.activationworker.agreement.AgreementDao;
import io.activationworker.catalogue.ProductCatalogue;
import io.activationworker.config.AppConfig;
import io.activationworker.db.AdvisoryLockDao;
import io.activationworker.db.Database;
import io.activationworker.feed.FeedImporter;
import io.activationworker.feed.FeedReader;
import io.activationworker.key.KeyHasher;
import io.activationworker.key.ProductKeyDao;
import io.activationworker.key.KeySecret;
import io.activationworker.key.TokenSealer;
import io.activationworker.key.Tokens;
import io.activationworker.ops.StatusDao;
import io.activationworker.outbox.Outbox;
import io.activationworker.outbox.OutboxDao;
import io.activationworker.partner.ImportReports;
import io.activationworker.partner.PartnerDao;
import io.activationworker.partner.PartnerTokens;
import io.activationworker.partner.WebhookSecrets;
import io.activationworker.ratelimit.AttemptLogDao;
import io.activationworker.signin.SessionDao;
import io.activationworker.signin.SigninLinkDao;
import io.activationworker.subscription.KeyRedemptionDao;
import io.activationworker.subscription.SubscriptionDao;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The parts every command shares, wired by hand from the configuration: the database, the
 * secret and what derives from it, the catalogue, the outbox and the feed import.
 */
public final class Services implements AutoCloseable {

    private final AppConfig config;
    private final Clock clock;
    private final SecureRandom random;
    private final Database database;
    private final KeyHasher hasher;
    private final Tokens tokens;
    private final TokenSealer sealer;
    private final ProductCatalogue catalogue;
    private final Outbox outbox;
    private final ActivationLinks links;
    private final FeedReader feedReader;
    private final FeedImporter feedImporter;
    // issue 16
    private final PartnerTokens partnerTokens;
    private final WebhookSecrets webhookSecrets;
    /** Set by the worker when this process runs one, so new rows are picked up at once. */
    private final AtomicReference<Runnable> nudgeWorker = new AtomicReference<>(() -> { });

    private Services(AppConfig config, Clock clock, int poolSize) {
        this.config = config;
        this.clock = clock;
        this.random = new SecureRandom();
        this.catalogue = ProductCatalogue.load(config.productsFile());
        this.database = Database.open(config, poolSize);
        database.prepareDaos(AgreementDao.class, ProductKeyDao.class, ActivationLinkDao.class,
                AcceptanceDao.class,
                OutboxDao.class, SessionDao.class, SigninLinkDao.class, SubscriptionDao.class, KeyRedemptionDao.class,
                AttemptLogDao.class, StatusDao.class, AdvisoryLockDao.class,
                PartnerDao.class); // issue 16
        this.hasher = new KeyHasher(KeySecret.load(config.keySecret(), config.dataDir(), random));
        this.tokens = new Tokens(random);
        this.sealer = new TokenSealer(hasher, random);
        this.outbox = new Outbox(config.mailFrom(), () -> nudgeWorker.get().run());
        this.links = new ActivationLinks(tokens, sealer, outbox, clock, Duration.ofDays(config.linkTtlDays()),
                config.publicBaseUrl());
        this.feedReader = new FeedReader(catalogue, config.feedMaxBytes());
        this.feedImporter = new FeedImporter(database.jdbi(), hasher, links, outbox, clock,
                new ImportReports(database.jdbi(), outbox, clock)); // issue 16: the partner's import report
        this.partnerTokens = new PartnerTokens(database.jdbi(), tokens, clock); // issue 16
        this.webhookSecrets = new WebhookSecrets(database.jdbi(), sealer, random, clock);
    }

    public static Services open(AppConfig config, int poolSize) {
        return open(config, poolSize, Clock.systemUTC());
    }

    public static Services open(AppConfig config, int poolSize, Clock clock) {
        return new Services(config, clock, poolSize);
    }

    public AppConfig config() {
        return config;
    }

    public String publicBaseUrl() {
        return config.publicBaseUrl();
    }

    public FeedReader feedReader() {
        return feedReader;
    }

    public FeedImporter feedImporter() {
        return feedImporter;
    }

    public Database database() {
        return database;
    }

    public ActivationLinks links() {
        return links;
    }

    public Outbox outbox() {
        return outbox;
    }

    // issue 16
    public PartnerTokens partnerTokens() {
        return partnerTokens;
    }

    public WebhookSecrets webhookSecrets() {
        return webhookSecrets;
    }

    public Clock clock() {
        return clock;
    }

    KeyHasher hasher() {
        return hasher;
    }

    Tokens tokens() {
        return tokens;
    }

    TokenSealer sealer() {
        return sealer;
    }

    ProductCatalogue catalogue() {
        return catalogue;
    }

    /** Set by the worker when this process runs one: a queued row wakes it at once. */
    void onQueued(Runnable nudge) {
        nudgeWorker.set(nudge);
    }

    @Override
    public void close() {
        database.close();
    }
}
