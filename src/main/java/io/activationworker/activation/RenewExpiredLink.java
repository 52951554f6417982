package io.activationworker.activation;

import io.activationworker.agreement.Agreement;
import io.activationworker.agreement.AgreementDao;
import io.activationworker.db.AdvisoryLockDao;
import io.activationworker.key.ProductKeyDao;
import io.activationworker.outbox.Outbox;
import io.activationworker.ratelimit.AttemptLimiter;
import java.time.Clock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Send a new link" on an expired link's page. The new link goes to the agreement's designated
 * administrator as stored now, never to whoever clicked, and at most once an hour per agreement.
 */
final class RenewExpiredLink {

    private static final Logger log = LoggerFactory.getLogger(RenewExpiredLink.class);

    private final Jdbi jdbi;
    private final ActivationLinks links;
    private final AttemptLimiter limiter;
    private final Outbox outbox;
    private final Clock clock;

    public RenewExpiredLink(Jdbi jdbi, ActivationLinks links, AttemptLimiter limiter, Outbox outbox, Clock clock) {
        this.jdbi = jdbi;
        this.links = links;
        this.limiter = limiter;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** True when a new link was queued; false when one was sent too recently. */
    public boolean renew(ActivationLink expired, String requesterAddress) {
        return renew(expired.agreementNumber(), requesterAddress, "expired_link");
    }

    /**
     * The same for an agreement named by number ("the email never arrived", issue 15): the
     * agreement's open links are revoked and its unused keys get one new link, to the designated
     * administrator; the same limit per agreement applies whichever page asked.
     */
    public boolean renew(String agreementNumber, String requesterAddress, String source) {
        boolean sent = jdbi.inTransaction(h -> renewWithin(h, agreementNumber));
        logged(agreementNumber, requesterAddress, source, sent);
        return sent;
    }

    /** The renewal inside the caller's transaction; call {@link #logged} once it has committed. */
    boolean renewWithin(Handle h, String agreementNumber) {
        // Serialise renewals of one agreement so two clicks cannot both pass the limit.
        h.attach(AdvisoryLockDao.class).lockForTransaction("renew:" + agreementNumber);
        if (limiter.blockedUntil(h, agreementNumber).isPresent()) {
            return false;
        }
        limiter.record(h, agreementNumber);
        Agreement agreement = h.attach(AgreementDao.class).findByNumber(agreementNumber).orElseThrow();
        h.attach(ActivationLinkDao.class).revokeUnused(agreement.number(), clock.instant());
        links.issue(h, agreement, h.attach(ProductKeyDao.class).unusedOfAgreement(agreement.number()));
        return true;
    }

    void logged(String agreementNumber, String requesterAddress, String source, boolean sent) {
        log.info("event=link_renewal_requested agreement={} source={} outcome={} requester={}", agreementNumber, source,
                sent ? "sent" : "rate_limited", requesterAddress);
        if (sent) {
            outbox.nudge();
        }
    }
}
