package io.activationworker;

import io.activationworker.activation.ActivateKeys;
import io.activationworker.activation.ActivationFeature;
import io.activationworker.agreements.AgreementsFeature;
import io.activationworker.config.AppConfig;
import io.activationworker.db.DatabaseUnavailable;
import io.activationworker.feed.FeedWatcher;
import io.activationworker.guide.HelpPage;
import io.activationworker.mail.EmbeddedSmtp;
import io.activationworker.mail.MailboxPages;
import io.activationworker.mail.SmtpSettings;
import io.activationworker.oidc.OidcFeature;
import io.activationworker.ops.AppMetrics;
import io.activationworker.ops.OpsFeature;
import io.activationworker.outbox.OutboxFeature;
import io.activationworker.outbox.OutboxWorker;
import io.activationworker.partner.PartnerFeature;
import io.activationworker.partner.WebhookWorker;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
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

    /** The worker's minute jobs (reminders, housekeeping, missed failure notices): first run, then between runs. */
    private static final Duration JOBS_FIRST_RUN = Duration.ofSeconds(10);
    private static final Duration JOBS_EVERY = Duration.ofSeconds(60);

    private final Services services;
    private final OpsFeature ops;
    private final AppMetrics metrics;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private Optional<EmbeddedSmtp> embeddedSmtp = Optional.empty();
    private Optional<WebServer> web = Optional.empty();

    public Roles(Services services) {
        this.services = services;
        this.ops = new OpsFeature(services.database(), services.clock());
        this.metrics = ops.metrics();
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
        PartnerFeature partner = partner();
        OutboxWorker worker = new OutboxFeature(c, services.database(), services.sealer(), services.clock())
                .worker(smtp(), partner.noticingFailures(metrics)); // issue 16: failures reach the partner
        worker.start();
        started.push(worker);
        // issue 16: the webhook outbox has its own worker; both wake when a row is queued
        WebhookWorker webhooks = partner.webhookWorker();
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

        scheduleEveryMinute(List.of(activation().reminders()::runOnce, ops::housekeeping,
                partner::noticeMissedFailures)); // issue 16: failures whose hook did not run (a crash)
    }

    /** Runs the jobs one after another, every minute, on one thread; a failed run is tried again next minute. */
    private void scheduleEveryMinute(List<Runnable> jobs) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "reminders");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                jobs.forEach(Runnable::run);
            } catch (RuntimeException e) {
                if (DatabaseUnavailable.causedBy(e)) {
                    log.warn("event=reminder_run_failed reason=\"database unavailable\" outcome=retry_next_run");
                } else {
                    log.warn("event=reminder_run_failed reason=\"{}\" outcome=retry_next_run", e, e);
                }
            }
        }, JOBS_FIRST_RUN.toSeconds(), JOBS_EVERY.toSeconds(), TimeUnit.SECONDS);
        started.push(scheduler::shutdownNow);
    }

    private ActivationFeature activation() {
        return new ActivationFeature(services.config(), services.database(), services.links(), services.outbox(),
                services.clock());
    }

    private PartnerFeature partner() {
        return new PartnerFeature(services.config(), services.database(), services.partnerTokens(),
                services.webhookSecrets(), services.feedReader(), services.feedImporter(), services.outbox(),
                services.clock());
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
        ActivationFeature activation = activation();
        ActivateKeys activate = activation.activateKeys(sessions);
        // issue 15: sign-in with a work or school account when oidc.issuer is set
        Optional<OidcFeature> oidc = OidcFeature.of(c, jdbi, services.tokens(), services.sealer(), sessions,
                services.clock());
        Optional<String> workAccountLabel = oidc.map(OidcFeature::displayName);
        ActivationFeature.Web activationWeb = activation.web(sessions, tools, oidc.map(OidcFeature::workAccounts));
        List<Route> routes = new ArrayList<>(ops.routes());
        routes.addAll(new StaticFiles(c.templatesDir()).routes());
        routes.addAll(activationWeb.linkRoutes());
        routes.addAll(signin.homeRoutes());
        // issue 15: before /signin/{token}, which would take "oidc" for a token
        oidc.ifPresent(o -> routes.addAll(o.routes(pages, signin.landing())));
        routes.addAll(signin.routes(workAccountLabel));
        PortalPages portal = new PortalPages(sessions, pages, tools.csrf());
        RedemptionFeature redemption = new RedemptionFeature(c, jdbi, services.hasher(), services.catalogue(),
                services.outbox(), services.clock(), portal);
        routes.addAll(redemption.routes());
        // issue 15: Agreements, accepted through the emailed link's use case
        routes.addAll(new AgreementsFeature(jdbi, services.clock(), portal, activate, activation.terms(), sessions)
                .routes());
        // issue 15: the guide, "the email never arrived"
        routes.addAll(new HelpPage(pages, oidc.isPresent(), workAccountLabel.orElse("")).routes());
        routes.addAll(activationWeb.mailRoutes());
        // issue 16: the partner API
        routes.addAll(partner().routes());
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
            listen(ops.routes(), new PageRenderer(services.config().templatesDir()));
        } catch (UncheckedIOException e) {
            log.warn("event=ops_endpoints_unavailable reason=\"{}\" outcome=worker_runs_without_metrics", e.getMessage());
        }
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
