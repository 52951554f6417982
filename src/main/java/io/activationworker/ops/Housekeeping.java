package io.activationworker.ops;

import io.activationworker.activation.ActivationLinkDao;
import io.activationworker.oidc.OidcLoginDao;
import io.activationworker.ratelimit.AttemptLogDao;
import io.activationworker.signin.SessionDao;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what has no use any more: expired sessions, rate-limit entries older than a day, and
 * the sealed token copies of activation links that expired unused.
 */
public final class Housekeeping {

    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

    private final Jdbi jdbi;
    private final Clock clock;

    public Housekeeping(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public void runOnce() {
        Instant now = clock.instant();
        int sessions = jdbi.withExtension(SessionDao.class, dao -> dao.deleteExpired(now));
        int attempts = jdbi.withExtension(AttemptLogDao.class, dao -> dao.deleteOlderThan(now.minus(Duration.ofDays(1))));
        int sealed = jdbi.withExtension(ActivationLinkDao.class, dao -> dao.eraseExpiredSealedTokens(now));
        // issue 15: sign-ins started at the provider and never finished
        jdbi.withExtension(OidcLoginDao.class, dao -> dao.deleteExpired(now.minus(Duration.ofHours(1))));
        if (sessions + attempts + sealed > 0) {
            log.info("event=housekeeping sessions_deleted={} attempts_deleted={} sealed_tokens_erased={}", sessions,
                    attempts, sealed);
        }
    }
}
