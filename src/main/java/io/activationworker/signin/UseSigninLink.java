package io.activationworker.signin;

import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Pressing a sign-in link's button: in one transaction the link is used (once) and the session
 * is stored, so a used link always has its session and a failed commit leaves the link usable.
 */
final class UseSigninLink {

    /** The session started (its cookie still to be set) and where the administrator lands. */
    record SignedIn(Sessions.NewSession session, String landing) {
    }

    private final Jdbi jdbi;
    private final Sessions sessions;
    private final Landing landing;
    private final Clock clock;

    UseSigninLink(Jdbi jdbi, Sessions sessions, Landing landing, Clock clock) {
        this.jdbi = jdbi;
        this.sessions = sessions;
        this.landing = landing;
        this.clock = clock;
    }

    /** True when the link exists, is unused and not expired (the GET page shows the button then). */
    boolean usable(byte[] tokenHash) {
        return jdbi.withExtension(SigninLinkDao.class, dao -> dao.usable(tokenHash, clock.instant()));
    }

    /** Empty when the link is unknown, used or expired. */
    Optional<SignedIn> use(byte[] tokenHash) {
        return jdbi.inTransaction(h -> {
            Optional<String> email = h.attach(SigninLinkDao.class).use(tokenHash, clock.instant());
            if (email.isEmpty()) {
                return Optional.<SignedIn>empty();
            }
            Sessions.NewSession session = sessions.prepare(email.get());
            sessions.store(h, session, null);
            return Optional.of(new SignedIn(session, landing.pathFor(h, email.get())));
        });
    }
}
