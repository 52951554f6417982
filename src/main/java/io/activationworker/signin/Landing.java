package io.activationworker.signin;

import io.activationworker.agreement.Agreement;
import io.activationworker.agreement.AgreementDao;
import io.activationworker.subscription.SubscriptionDao;
import io.activationworker.subscription.SubscriptionState;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Where an administrator lands after signing in: Your products when one of their organisations
 * has an active subscription, otherwise Agreements, where a pending activation can be accepted
 * (issue 15).
 */
final class Landing {

    private final Jdbi jdbi;
    private final Clock clock;

    public Landing(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public String pathFor(String adminEmail) {
        return jdbi.withHandle(h -> pathFor(h, adminEmail));
    }

    /** {@link #pathFor(String)} on the caller's handle, for a sign-in that lands in its own transaction. */
    public String pathFor(Handle h, String adminEmail) {
        LocalDate today = clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
        String[] tenants = h.attach(AgreementDao.class).findByAdminEmail(adminEmail).stream()
                .map(Agreement::tenantId).distinct().toArray(String[]::new);
        boolean active = tenants.length > 0 && h.attach(SubscriptionDao.class).findByTenants(tenants)
                .stream().anyMatch(s -> s.effectiveState(today) == SubscriptionState.active);
        return active ? "/products" : "/agreements";
    }
}
