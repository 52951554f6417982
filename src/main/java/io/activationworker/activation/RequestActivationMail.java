package io.activationworker.activation;

import io.activationworker.agreement.Agreement;
import io.activationworker.agreement.AgreementDao;
import io.activationworker.key.ProductKeyDao;
import io.activationworker.ratelimit.AttemptLimiter;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "The email never arrived": an agreement number and an email address. When the address is the
 * agreement's designated administrator and keys are still waiting, the agreement gets a fresh
 * link through {@link RenewExpiredLink} (old open links revoked, the new one to the administrator,
 * at most one an hour per agreement). Whoever asks learns nothing: the page answers the same
 * before this runs, and a client address may ask only a few times in a window.
 */
final class RequestActivationMail {

    private static final Logger log = LoggerFactory.getLogger(RequestActivationMail.class);

    public enum Outcome { SENT, NO_MATCH, NOTHING_TO_ACTIVATE, RATE_LIMITED }

    private final Jdbi jdbi;
    private final RenewExpiredLink renewal;
    private final AttemptLimiter perClient;

    public RequestActivationMail(Jdbi jdbi, RenewExpiredLink renewal, AttemptLimiter perClient) {
        this.jdbi = jdbi;
        this.renewal = renewal;
        this.perClient = perClient;
    }

    public Outcome request(String agreementNumber, String email, String clientAddress) {
        String number = agreementNumber.trim().toUpperCase(Locale.ROOT);
        String address = email.trim();
        Checked checked = jdbi.inTransaction(h -> {
            if (perClient.blockedUntil(h, "ip:" + clientAddress).isPresent()) {
                return new Checked(Outcome.RATE_LIMITED, false);
            }
            perClient.record(h, "ip:" + clientAddress);
            Optional<Agreement> agreement = h.attach(AgreementDao.class).findByNumber(number);
            boolean matches = agreement.flatMap(Agreement::administratorEmail)
                    .map(admin -> admin.equalsIgnoreCase(address)).orElse(false);
            if (!matches) {
                return new Checked(Outcome.NO_MATCH, false);
            }
            if (h.attach(ProductKeyDao.class).unusedOfAgreement(number).isEmpty()) {
                return new Checked(Outcome.NOTHING_TO_ACTIVATE, false);
            }
            // In the same transaction: a known and an unknown address both wait for one commit.
            return new Checked(renewal.renewWithin(h, number) ? Outcome.SENT : Outcome.RATE_LIMITED, true);
        });
        Outcome outcome = checked.outcome();
        if (checked.renewalAsked()) {
            renewal.logged(number, clientAddress, "activation_mail", outcome == Outcome.SENT);
        }
        log.info("event=activation_mail_requested outcome={} requester={}", outcome.name().toLowerCase(Locale.ROOT),
                clientAddress);
        return outcome;
    }

    private record Checked(Outcome outcome, boolean renewalAsked) {
    }
}
