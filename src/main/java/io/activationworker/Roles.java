package io.activationworker;

import io.activationworker.activation.ActivateKeys;
import io.activationworker.activation.ActivationFeature;
import io.activationworker.activation.ReminderJob;
import io.activationworker.agreements.AgreementsFeature;
import io.activationworker.config.AppConfig;
import io.activationworker.db.DatabaseUnavailable;
import io.activationworker.feed.FeedWatcher;
import io.activationworker.guide.HelpPage;
import io.activationworker.mail.EmbeddedSmtp;
import io.activationworker.mail.MailComposer;
import io.activationworker.mail.MailRenderer;
import io.activationworker.mail.MailboxPages;
import io.activationworker.mail.RelayThrottle;
import io.activationworker.mail.SmtpConnection;
import io.activationworker.mail.SmtpSettings;
import io.activationworker.mail.DkimSigning;
import io.activationworker.oidc.OidcPages;
import io.activationworker.oidc.OidcProvider;
import io.activationworker.oidc.OidcSignin;
import io.activationworker.oidc.WorkAccounts;
import io.activationworker.ops.AppMetrics;
import io.activationworker.ops.CachedDatabaseGauges;
import io.activationworker.ops.HealthPages;
import io.activationworker.ops.Housekeeping;
import io.activationworker.ops.MetricsPage;
import io.activationworker.outbox.Backoff;
import io.activationworker.outbox.DeliveryDao;
import io.activationworker.outbox.OutboxRenderer;
import io.activationworker.outbox.OutboxWorker;
import io.activationworker.outbox.WorkerSettings;
import io.activationworker.partner.AgreementStatusRows;
import io.activationworker.partner.DeliveryFailures;
import io.activationworker.partner.WebhookClient;
import io.activationworker.partner.WebhookSchedule;
import io.activationworker.partner.WebhookWorker;
import io.activationworker.partner.PartnerApi;
import io.activationworker.sendrate.SendRateCap;
import io.activationworker.redemption.PortalPages;
import io.activationworker.redemption.RedemptionFeature;
import io.activationworker.signin.Sessions;
import io.activationworker.signin.SigninFeature;
import io.activationworker.web.Csrf;
import io.activationworker.web.ErrorPages;
import io.activationworker.web.PageRenderer;
import io.activationworker.web.PageTools;
import io.activationworker.web.PreSession;
import io.activationworker.web.Route;
import io.activationworker.web.StaticFiles;
import io.activationworker.web.WebServer;
import io.activationworker.web.WebSettings;
import jakarta.mail.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-running parts of a process: the web handler ({@code serve}), the outbox worker with the
 * feed watcher and reminders ({@code worker}), or both ({@code run}). Stops them in reverse order.
 */
public final class Roles implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Roles.class);
    /** issue 12: served on management.port only, when it is set. */
    private static final Set<String> MANAGEMENT_ONLY = Set.of("/metrics", "/readyz");
    private static final Set<String> MANAGEMENT_ROUTES = Set.of("/metrics", "/readyz", "/healthz");

    private final Services services;
    private final AppMetrics metrics;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private Optional<EmbeddedSmtp> embeddedSmtp = Optional.empty();
    private Optional<WebServer> web = Optional.empty();

    public Roles(Services services) {
        this.services = services;
        this.metrics = new AppMetrics(new CachedDatabaseGauges(services.database().jdbi()));
    }

    /** The SMTP relay, or the embedded GreenMail when {@code smtp.host} is empty (started once). */
    private SmtpSettings smtp() {
        AppConfig c = services.config();
        if (c.embeddedSmtp()) {
            if (embeddedSmtp.isEmpty()) {
                EmbeddedSmtp server = new EmbeddedSmtp(c.smtpPort());
                embeddedSmtp = Optional.of(server);
                started.push(server);
            }
            return new SmtpSettings("127.0.0.1", embeddedSmtp.get().port(), "", "", false, c.smtpPipelining());
        }
        return new SmtpSettings(c.smtpHost().orElseThrow(), c.smtpPort(), c.smtpUser(), c.smtpPassword(), c.smtpStarttls(),
                c.smtpPipelining());
    }

    public void startWorker() {
        AppConfig c = services.config();
        SmtpSettings settings = smtp();
        Session session = settings.session();
        Optional<DkimSigning> dkim = c.dkimDomain().map(domain ->
                new DkimSigning(domain, c.dkimSelector(), c.dkimPrivateKeyFile().orElseThrow()));
        OutboxRenderer renderer = new OutboxRenderer(new MailRenderer(c.templatesDir()),
                new MailComposer(session, c.mailFrom()), services.sealer(), dkim);
        DeliveryFailures failures = new DeliveryFailures(services.database().jdbi(), services.outbox(), services.clock());
        RelayThrottle throttle = RelayThrottle.forRelay(c.workerThreads());
        OutboxWorker worker = new OutboxWorker(new DeliveryDao(services.database().dataSource()), renderer,
                () -> new SmtpConnection(session, settings, throttle),
                new WorkerSettings(c.workerThreads(), c.workerBatchSize(), c.workerLease(), c.workerMaxAttempts(),
                        Duration.ofSeconds(1)),
                new Backoff(c.workerRetryBase(), Duration.ofMinutes(30), new Random()),
                services.clock(), failures.listeningAfter(metrics), throttle, // issue 16: failures reach the partner
                SendRateCap.of(services.database().jdbi(), c.smtpMaxPerSecond()));
        worker.start();
        started.push(worker);
        // issue 16: the webhook outbox has its own worker; both wake when a row is queued
        WebhookWorker webhooks = new WebhookWorker(services.database().jdbi(),
                new WebhookClient(c.webhookTimeout(), c.webhookAllowPrivate(), services.clock()), services.webhookSecrets(),
                new WebhookSchedule(new Random()), services.clock(), 4, c.webhookTimeout().multipliedBy(25),
                Duration.ofSeconds(1));
        webhooks.start();
        started.push(webhooks);
        services.onQueued(() -> {
            worker.nudge();
            webhooks.nudge();
        });

        FeedWatcher watcher = new FeedWatcher(c.feedDir(), c.feedPoll(), services.feedReader(), services.feedImporter(),
                metrics::feedRejections);
        watcher.start();
        started.push(watcher);

        ReminderJob reminders = new ActivationFeature(c, services.database(), services.links(), services.outbox(),
                services.clock()).reminders();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "reminders");
            t.setDaemon(true);
            return t;
        });
        Housekeeping housekeeping = new Housekeeping(services.database().jdbi(), services.clock());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                reminders.runOnce();
                housekeeping.runOnce();
                failures.runOnce(); // issue 16: failures whose hook did not run (a crash)
            } catch (RuntimeException e) {
                if (DatabaseUnavailable.causedBy(e)) {
                    log.warn("event=reminder_run_failed reason=\"database unavailable\" outcome=retry_next_run");
                } else {
                    log.warn("event=reminder_run_failed reason=\"{}\" outcome=retry_next_run", e, e);
                }
            }
        }, 10, 60, TimeUnit.SECONDS);
        started.push(scheduler::shutdownNow);
    }

    public void startWeb() {
        AppConfig c = services.config();
        var jdbi = services.database().jdbi();
        PageRenderer pages = new PageRenderer(c.templatesDir());
        PageTools tools = new PageTools(pages, new Csrf(services.hasher(), c.publicBaseUrl()),
                new PreSession(services.tokens(), c.secureCookies())); // issue 12
        SigninFeature signin = new SigninFeature(c, jdbi, services.tokens(), services.sealer(), services.outbox(),
                services.clock(), tools);
        Sessions sessions = signin.sessions();
        ActivationFeature activation = new ActivationFeature(c, services.database(), services.links(), services.outbox(),
                services.clock());
        ActivateKeys activate = activation.activateKeys(sessions);
        // issue 15: sign-in with a work or school account when oidc.issuer is set
        Optional<WorkAccounts> workAccounts = c.oidc().map(o -> new WorkAccounts(jdbi, sessions, services.clock(),
                o.displayName()));
        ActivationFeature.Web activationWeb = activation.web(sessions, tools, workAccounts);
        List<Route> routes = new ArrayList<>(opsRoutes());
        routes.addAll(new StaticFiles(c.templatesDir()).routes());
        routes.addAll(activationWeb.linkRoutes());
        routes.addAll(signin.homeRoutes());
        // issue 15: before /signin/{token}, which would take "oidc" for a token
        c.oidc().ifPresent(o -> {
            OidcSignin oidcSignin = new OidcSignin(jdbi, new OidcProvider(o, c.publicBaseUrl()), o, services.tokens(),
                    services.sealer(), services.clock());
            routes.addAll(new OidcPages(oidcSignin, workAccounts.orElseThrow(), pages, signin.landing())
                    .routes());
        });
        routes.addAll(signin.routes(workAccounts.map(WorkAccounts::displayName)));
        PortalPages portal = new PortalPages(sessions, pages, tools.csrf());
        RedemptionFeature redemption = new RedemptionFeature(c, jdbi, services.hasher(), services.catalogue(),
                services.outbox(), services.clock(), portal);
        routes.addAll(redemption.routes());
        // issue 15: Agreements, accepted through the emailed link's use case
        routes.addAll(new AgreementsFeature(jdbi, services.clock(), portal, activate, activation.terms(), sessions)
                .routes());
        // issue 15: the guide, "the email never arrived"
        routes.addAll(new HelpPage(pages, workAccounts.isPresent(),
                workAccounts.map(WorkAccounts::displayName).orElse("")).routes());
        routes.addAll(activationWeb.mailRoutes());
        // issue 16: the partner API
        routes.addAll(new PartnerApi(services.partnerTokens(), services.feedReader(), services.feedImporter(),
                new AgreementStatusRows(services.database().dataSource()), c.feedMaxBytes()).routes());
        // issue 12: the mailbox shows every message's links, so only a loopback-bound handler serves it
        if (c.embeddedSmtp()) {
            smtp();
            if (loopback(c.httpBind())) {
                routes.addAll(new MailboxPages(embeddedSmtp.orElseThrow(), pages).routes());
            } else {
                log.warn("event=dev_mailbox_disabled reason=\"http.bind={} is not a loopback address\" "
                        + "outcome=\"/dev/mailbox is not served; the embedded SMTP server still receives the mail. "
                        + "Set smtp.host to a real relay, or http.bind=127.0.0.1 to read the mail at /dev/mailbox\"",
                        c.httpBind());
            }
        }
        listen(routes, pages);
    }

    /**
     * For a worker-only process: just /healthz, /readyz and /metrics on http.port. A worker whose
     * port is taken (two workers on one host with the same configuration) still sends mail.
     */
    public void startOpsEndpoints() {
        try {
            listen(opsRoutes(), new PageRenderer(services.config().templatesDir()));
        } catch (UncheckedIOException e) {
            log.warn("event=ops_endpoints_unavailable reason=\"{}\" outcome=worker_runs_without_metrics", e.getMessage());
        }
    }

    private List<Route> opsRoutes() {
        List<Route> routes = new ArrayList<>(new HealthPages(services.database().jdbi(), services.database().dataSource()).routes());
        routes.addAll(new MetricsPage(metrics).routes());
        return routes;
    }

    /**
     * Serves the routes on {@code http.port}; with {@code management.port} set, {@code /metrics} and
     * {@code /readyz} move to the management port and {@code /healthz} answers on both.
     */
    private void listen(List<Route> routes, PageRenderer pages) {
        AppConfig c = services.config();
        WebSettings settings = c.web();
        List<Route> publicRoutes = settings.management().isEmpty() ? routes
                : routes.stream().filter(r -> !MANAGEMENT_ONLY.contains(r.name())).toList();
        List<Route> managementRoutes = routes.stream().filter(r -> MANAGEMENT_ROUTES.contains(r.name())).toList();
        WebServer server = new WebServer(settings, publicRoutes, managementRoutes, new ErrorPages(pages), metrics);
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("the web handler cannot listen on " + c.httpBind() + ":" + c.httpPort()
                    + settings.management().map(m -> " and " + m.bind() + ":" + m.port()).orElse("")
                    + " (" + e.getMessage() + ")", e);
        }
        web = Optional.of(server);
        started.push(server);
    }

    private static boolean loopback(String bind) {
        try {
            return java.net.InetAddress.getByName(bind).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    public Optional<Integer> webPort() {
        return web.map(WebServer::port);
    }

    /** The management port, when {@code management.port} is set and the web handler runs. */
    public Optional<Integer> managementPort() {
        return web.map(WebServer::managementPort).filter(p -> p > 0);
    }

    public Optional<EmbeddedSmtp> embeddedSmtp() {
        return embeddedSmtp;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                log.warn("event=stop_failed reason=\"{}\"", e, e);
            }
        }
    }
}
