package io.activationworker.redemption;

import io.activationworker.activation.AcceptanceDao;
import io.activationworker.agreement.Agreement;
import io.activationworker.agreement.AgreementDao;
import io.activationworker.signin.Sessions;
import io.activationworker.signin.WebSession;
import io.activationworker.subscription.Subscription;
import io.activationworker.subscription.SubscriptionDao;
import io.activationworker.web.PageRenderer;
import io.activationworker.web.Route;
import io.activationworker.web.WebRequest;
import io.activationworker.web.WebResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.jdbi.v3.core.Jdbi;

/**
 * "Your products": the signed-in administrator's subscriptions, grouped by organisation, each
 * with "Extend end date" and "Add licences". Only organisations whose agreements name this
 * administrator are ever shown.
 */
public final class ProductsPage {

    private final Jdbi jdbi;
    private final Sessions sessions;
    private final PortalPages portal;
    private final Clock clock;

    public ProductsPage(Jdbi jdbi, Sessions sessions, PortalPages portal, Clock clock) {
        this.jdbi = jdbi;
        this.sessions = sessions;
        this.portal = portal;
        this.clock = clock;
    }

    public List<Route> routes() {
        return List.of(Route.get("/products", this::show));
    }

    private WebResponse show(WebRequest request, Matcher path) {
        return portal.signedIn(request, session -> {
            LocalDate today = clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
            Map<String, Object> model = new HashMap<>();
            model.put("organisations", organisations(session.adminEmail(), today));
            if (session.noticeLinkId() != null) {
                model.put("activated", jdbi.withExtension(AcceptanceDao.class,
                        dao -> dao.activatedProducts(session.noticeLinkId())).stream()
                        .map(p -> Map.of("product", p.product(), "seats", p.seatsAfter(), "endDate", p.endAfter().toString()))
                        .toList());
                sessions.clearNotice(session);
            }
            return portal.page(request, session, "products", model, 200);
        });
    }

    private List<Map<String, Object>> organisations(String adminEmail, LocalDate today) {
        List<Agreement> agreements = jdbi.withExtension(AgreementDao.class, dao -> dao.findByAdminEmail(adminEmail));
        String[] tenants = agreements.stream().map(Agreement::tenantId).distinct().toArray(String[]::new);
        List<Subscription> subscriptions = jdbi.withExtension(SubscriptionDao.class, dao -> dao.findByTenants(tenants));
        Map<String, Map<String, Object>> byTenant = new LinkedHashMap<>();
        for (Agreement a : agreements) {
            byTenant.computeIfAbsent(a.tenantId(), t -> {
                Map<String, Object> org = new HashMap<>();
                org.put("name", a.customerName());
                org.put("tenant", t);
                org.put("subscriptions", new ArrayList<Map<String, Object>>());
                return org;
            });
        }
        for (Subscription s : subscriptions) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> list = (List<Map<String, Object>>) byTenant.get(s.tenantId()).get("subscriptions");
            list.add(Map.of("id", s.id(), "product", s.product(), "seats", s.seats(),
                    "startDate", s.startDate().toString(), "endDate", s.endDate().toString(),
                    "state", s.effectiveState(today)));
        }
        return new ArrayList<>(byTenant.values());
    }
}
