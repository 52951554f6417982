package io.activationworker.redemption;

import io.activationworker.agreement.Agreement;
import io.activationworker.subscription.Subscription;
import io.activationworker.web.Route;
import io.activationworker.web.WebRequest;
import io.activationworker.web.WebResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * "Your products": the signed-in administrator's subscriptions, grouped by organisation, each
 * with "Extend end date" and "Add licences". Only organisations whose agreements name this
 * administrator are ever shown.
 */
final class ProductsPage {

    private final YourProducts products;
    private final PortalPages portal;

    ProductsPage(YourProducts products, PortalPages portal) {
        this.products = products;
        this.portal = portal;
    }

    List<Route> routes() {
        return List.of(Route.get("/products", this::show));
    }

    private WebResponse show(WebRequest request, Matcher path) {
        return portal.signedIn(request, session -> {
            YourProducts.Overview overview = products.show(session);
            Map<String, Object> model = new HashMap<>();
            model.put("organisations", organisations(overview));
            overview.activated().ifPresent(activated -> model.put("activated", activated.stream()
                    .map(p -> Map.of("product", p.product(), "seats", p.seatsAfter(), "endDate", p.endAfter().toString()))
                    .toList()));
            return portal.page(request, session, "products", model, 200);
        });
    }

    private static List<Map<String, Object>> organisations(YourProducts.Overview overview) {
        Map<String, Map<String, Object>> byTenant = new LinkedHashMap<>();
        for (Agreement a : overview.agreements()) {
            byTenant.computeIfAbsent(a.tenantId(), t -> {
                Map<String, Object> org = new HashMap<>();
                org.put("name", a.customerName());
                org.put("tenant", t);
                org.put("subscriptions", new ArrayList<Map<String, Object>>());
                return org;
            });
        }
        for (Subscription s : overview.subscriptions()) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> list = (List<Map<String, Object>>) byTenant.get(s.tenantId()).get("subscriptions");
            list.add(Map.of("id", s.id(), "product", s.product(), "seats", s.seats(),
                    "startDate", s.startDate().toString(), "endDate", s.endDate().toString(),
                    "state", s.effectiveState(overview.today()).name()));
        }
        return new ArrayList<>(byTenant.values());
    }
}
