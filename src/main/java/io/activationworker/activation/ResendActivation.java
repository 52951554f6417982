package io.activationworker.activation;

import io.activationworker.agreement.Agreement;
import io.activationworker.agreement.AgreementDao;
import io.activationworker.key.ProductKeyDao;
import io.activationworker.key.StoredKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The operator's {@code resend}: revoke the agreement's open links and queue a new one, in one transaction. */
public final class ResendActivation {

    public record Result(boolean ok, String message) {
    }

    private final Jdbi jdbi;
    private final ActivationLinks links;

    public ResendActivation(Jdbi jdbi, ActivationLinks links) {
        this.jdbi = jdbi;
        this.links = links;
    }

    public Result resend(String number) {
        return jdbi.inTransaction(h -> {
            Optional<Agreement> agreement = h.attach(AgreementDao.class).findByNumber(number);
            if (agreement.isEmpty()) {
                return new Result(false, "agreement " + number + ": unknown agreement number");
            }
            List<StoredKey> unused = h.attach(ProductKeyDao.class).unusedOfAgreement(number);
            if (unused.isEmpty()) {
                return new Result(false, "agreement " + number + ": every key is already activated; nothing to send");
            }
            int revoked = h.attach(ActivationLinkDao.class).revokeUnused(number, Instant.now());
            links.issue(h, agreement.get(), unused);
            String to = agreement.get().administratorEmail().orElse(agreement.get().noticesContact());
            return new Result(true, "agreement " + number + ": " + revoked + " open link(s) revoked; a new email to "
                    + to + " is queued");
        });
    }
}
