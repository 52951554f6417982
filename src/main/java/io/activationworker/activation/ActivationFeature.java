package io.activationworker.activation;

import io.activationworker.config.AppConfig;
import io.activationworker.db.Database;
import io.activationworker.oidc.WorkAccounts;
import io.activationworker.outbox.Outbox;
import io.activationworker.ratelimit.AttemptLimiter;
import io.activationworker.signin.Sessions;
import io.activationworker.web.PageTools;
import io.activationworker.web.Route;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Wires the emailed link's pages from the configuration: {@code /activate/{token}} (the terms,
 * accept, a renewed link) and {@code /activation-mail} (the mail again); the accept use case and
 * the terms, which the Agreements page shares; the reminder job of the worker.
 */
public final class ActivationFeature {

    /** A new link for an expired one: 1 per link per hour. */
    private static final int RENEWALS = 1;
    private static final Duration RENEWAL_WINDOW = Duration.ofHours(1);
    /** "Send the activation mail again", per client address: 10 per 15 minutes. */
    private static final int MAIL_REQUESTS = 10;
    private static final Duration MAIL_REQUEST_WINDOW = Duration.ofMinutes(15);

    private final Database database;
    private final ActivationLinks links;
    private final Outbox outbox;
    private final Clock clock;
    private final AppConfig config;
    private final TermsText terms;

    public ActivationFeature(AppConfig config, Database database, ActivationLinks links, Outbox outbox, Clock clock) {
        this.config = config;
        this.database = database;
        this.links = links;
        this.outbox = outbox;
        this.clock = clock;
        this.terms = new TermsText(config.templatesDir(), config.termsVersion());
    }

    /** The terms every accept records and every terms page shows. */
    public TermsText terms() {
        return terms;
    }

    /** The accept use case, for the pages that accept (the emailed link's, and Agreements'). */
    public ActivateKeys activateKeys(Sessions sessions) {
        return new ActivateKeys(database.jdbi(), outbox, terms, sessions, clock, config.publicBaseUrl());
    }

    /** {@code /activate/{token}} and {@code /activation-mail}; with OpenID Connect, only the designated work account accepts. */
    public Web web(Sessions sessions, PageTools tools, Optional<WorkAccounts> workAccounts) {
        RenewExpiredLink renew = new RenewExpiredLink(database.jdbi(), links,
                new AttemptLimiter("renew-link", RENEWALS, RENEWAL_WINDOW, clock), outbox, clock);
        List<Route> linkRoutes = new ActivationPages(new ShowActivationLink(new ActivationPageDao(database.dataSource()),
                database.jdbi()), activateKeys(sessions), renew, terms, tools.pages(), tools.csrf(), sessions,
                tools.preSession(), clock, workAccounts).routes();
        List<Route> mailRoutes = new ActivationMailPage(new RequestActivationMail(database.jdbi(), renew,
                new AttemptLimiter("activation-mail", MAIL_REQUESTS, MAIL_REQUEST_WINDOW, clock)), tools.pages(),
                tools.csrf(), tools.preSession()).routes();
        return new Web(linkRoutes, mailRoutes);
    }

    /** The routes of the link's page and of "the email never arrived". */
    public record Web(List<Route> linkRoutes, List<Route> mailRoutes) {
    }

    /** The worker's reminder run: {@code reminder.after-days} after a link was sent and not used. */
    public ReminderJob reminders() {
        return new ReminderJob(database.jdbi(), links, outbox, clock, Duration.ofDays(config.reminderAfterDays()));
    }
}
