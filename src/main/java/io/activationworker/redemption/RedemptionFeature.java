package io.activationworker.redemption;

import io.activationworker.catalogue.ProductCatalogue;
import io.activationworker.config.AppConfig;
import io.activationworker.key.KeyHasher;
import io.activationworker.outbox.Outbox;
import io.activationworker.ratelimit.AttemptLimiter;
import io.activationworker.web.Route;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Wires "Your products" and the redeem steps from the configuration ({@code redeem.max-failures}
 * wrong keys per {@code redeem.failure-window}).
 */
public final class RedemptionFeature {

    private final YourProducts products;
    private final ReviewOrder reviewOrder;
    private final RedeemKeys redeemKeys;
    private final PortalPages portal;

    public RedemptionFeature(AppConfig config, Jdbi jdbi, KeyHasher hasher, ProductCatalogue catalogue, Outbox outbox,
                             Clock clock, PortalPages portal) {
        this.portal = portal;
        this.products = new YourProducts(jdbi, clock);
        this.reviewOrder = new ReviewOrder(jdbi, new OrderCheck(hasher, catalogue),
                new AttemptLimiter("redeem", config.redeemMaxFailures(), config.redeemFailureWindow(), clock), clock);
        this.redeemKeys = new RedeemKeys(jdbi, catalogue, outbox, clock, config.publicBaseUrl());
    }

    /** {@code /products} and {@code /products/{id}/redeem…}. */
    public List<Route> routes() {
        List<Route> routes = new ArrayList<>(new ProductsPage(products, portal).routes());
        routes.addAll(new RedeemPages(portal, products, reviewOrder, redeemKeys).routes());
        return routes;
    }
}
