package io.activationworker.oidc;

import io.activationworker.signin.Sessions;
import io.activationworker.signin.WebSession;
import io.activationworker.web.WebRequest;
import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Which work account, if any, the browser's session was started with; and the session-start
 * that records one. Pages that need the organisation's word for who is there ask here.
 */
public final class WorkAccounts {

    private final Jdbi jdbi;
    private final Sessions sessions;
    private final Clock clock;
    private final String displayName;

    WorkAccounts(Jdbi jdbi, Sessions sessions, Clock clock, String displayName) {
        this.jdbi = jdbi;
        this.sessions = sessions;
        this.clock = clock;
        this.displayName = displayName;
    }

    /** The button's label ("Sign in with …"); empty means the page's own words for a work or school account. */
    public String displayName() {
        return displayName;
    }

    /** The address of the work account the current session was started with. */
    public Optional<String> signedIn(WebRequest request) {
        return sessions.current(request).flatMap(this::accountOf);
    }

    private Optional<String> accountOf(WebSession session) {
        return jdbi.withExtension(OidcSessionDao.class, dao -> dao.emailOf(session.idHash()));
    }

    /** Starts the session and records its account, in one transaction; returns the Set-Cookie value. */
    String startSession(OidcSignin.Account account) {
        Sessions.NewSession session = sessions.prepare(account.email());
        jdbi.useTransaction(h -> {
            sessions.store(h, session, null);
            h.attach(OidcSessionDao.class).insert(session.idHash(), account.subject(), account.email(), clock.instant());
        });
        return sessions.cookie(session);
    }
}
