package io.activationworker.redemption;

import io.activationworker.activation.AcceptanceDao;
import io.activationworker.activation.ActivatedProduct;
import io.activationworker.agreement.Agreement;
import io.activationworker.agreement.AgreementDao;
import io.activationworker.signin.SessionDao;
import io.activationworker.signin.WebSession;
import io.activationworker.subscription.Subscription;
import io.activationworker.subscription.SubscriptionDao;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * "Your products" as a use case: the administrator's organisations and subscriptions, and, once
 * after an accept, what it activated (the session's notice is cleared in the same transaction).
 * Also the one ownership rule every redeem step applies.
 */
final class YourProducts {

    /** What the page shows; {@code activated} only on the first view after an accept. */
    record Overview(List<Agreement> agreements, List<Subscription> subscriptions, LocalDate today,
                    Optional<List<ActivatedProduct>> activated) {
    }

    private final Jdbi jdbi;
    private final Clock clock;

    YourProducts(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    Overview show(WebSession session) {
        LocalDate today = clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
        return jdbi.inTransaction(h -> {
            List<Agreement> agreements = h.attach(AgreementDao.class).findByAdminEmail(session.adminEmail());
            String[] tenants = agreements.stream().map(Agreement::tenantId).distinct().toArray(String[]::new);
            List<Subscription> subscriptions = h.attach(SubscriptionDao.class).findByTenants(tenants);
            Optional<List<ActivatedProduct>> activated = Optional.empty();
            if (session.noticeLinkId() != null) {
                activated = Optional.of(h.attach(AcceptanceDao.class).activatedProducts(session.noticeLinkId()));
                h.attach(SessionDao.class).clearNotice(session.idHash());
            }
            return new Overview(agreements, subscriptions, today, activated);
        });
    }

    /** The subscription, when it belongs to an organisation this administrator administers. */
    Optional<Subscription> owned(String adminEmail, long subscriptionId) {
        return jdbi.withHandle(h -> owned(h, adminEmail, subscriptionId));
    }

    static Optional<Subscription> owned(Handle h, String adminEmail, long subscriptionId) {
        Optional<Subscription> s = h.attach(SubscriptionDao.class).findById(subscriptionId);
        List<String> tenants = h.attach(AgreementDao.class).findByAdminEmail(adminEmail).stream()
                .map(Agreement::tenantId).toList();
        return s.filter(sub -> tenants.contains(sub.tenantId()));
    }
}
