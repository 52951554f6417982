package io.activationworker.agreements;

import io.activationworker.activation.TermsText;
import io.activationworker.agreement.Agreement;
import io.activationworker.agreement.AgreementDao;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The Agreements pages' reads: what the administrator's agreements hold (in one handle), and the
 * exact terms text an acceptance recorded; and, at start, keeping the terms shown now.
 */
final class YourAgreements {

    /** What the administrator's agreements hold: the agreements, their waiting keys and their acceptances. */
    record View(List<Agreement> agreements, List<PortalAgreementDao.PendingKey> pending,
                List<PortalAgreementDao.Accepted> accepted) {

        Optional<Agreement> agreement(String number) {
            return agreements.stream().filter(a -> a.number().equalsIgnoreCase(number)).findFirst();
        }

        List<PortalAgreementDao.PendingKey> pendingOf(String number) {
            return pending.stream().filter(k -> k.agreementNumber().equals(number)).toList();
        }

        List<PortalAgreementDao.Accepted> acceptedOf(String number) {
            return accepted.stream().filter(c -> c.agreementNumber().equals(number)).toList();
        }
    }

    private final Jdbi jdbi;
    private final Clock clock;

    YourAgreements(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    View view(String adminEmail) {
        Instant now = clock.instant();
        return jdbi.withHandle(h -> new View(h.attach(AgreementDao.class).findByAdminEmail(adminEmail),
                h.attach(PortalAgreementDao.class).pendingKeys(adminEmail, now),
                h.attach(PortalAgreementDao.class).acceptances(adminEmail)));
    }

    Optional<PortalAgreementDao.KeptTerms> keptTerms(String sha256) {
        return jdbi.withExtension(PortalAgreementDao.class, dao -> dao.keptTerms(sha256));
    }

    /** Keeps the terms texts shown now, by SHA-256, so an acceptance's exact text can be shown later. */
    void keepShownTerms(TermsText terms) {
        jdbi.useExtension(PortalAgreementDao.class, dao -> {
            for (String locale : new String[] {"en", "nl"}) {
                TermsText.Terms t = terms.forLocale(locale);
                dao.keepTerms(t.sha256(), t.version(), locale, t.text());
            }
        });
    }
}
