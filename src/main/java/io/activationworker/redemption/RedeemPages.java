package io.activationworker.redemption;

import io.activationworker.signin.WebSession;
import io.activationworker.subscription.Subscription;
import io.activationworker.subscription.SubscriptionRules;
import io.activationworker.web.HttpError;
import io.activationworker.web.Route;
import io.activationworker.web.WebRequest;
import io.activationworker.web.WebResponse;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * The redeem steps of "Your products": choose "Use a new and unused product key", enter the key,
 * review the order details (nothing changed yet), Redeem. The reviewed order waits in the session.
 */
final class RedeemPages {

    private static final int MAX_KEYS = 3;
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private final PortalPages portal;
    private final YourProducts products;
    private final ReviewOrder reviewOrder;
    private final RedeemKeys redeemKeys;

    RedeemPages(PortalPages portal, YourProducts products, ReviewOrder reviewOrder, RedeemKeys redeemKeys) {
        this.portal = portal;
        this.products = products;
        this.reviewOrder = reviewOrder;
        this.redeemKeys = redeemKeys;
    }

    List<Route> routes() {
        return List.of(
                Route.get("/products/(?<id>\\d{1,18})/redeem", this::start),
                Route.post("/products/(?<id>\\d{1,18})/redeem", this::review),
                Route.post("/products/(?<id>\\d{1,18})/redeem/confirm", this::confirm));
    }

    private WebResponse start(WebRequest request, Matcher path) {
        return portal.signedIn(request, session -> {
            Optional<Subscription> found = products.owned(session.adminEmail(), Long.parseLong(path.group(1)));
            if (found.isEmpty()) {
                return notYours(request, session);
            }
            Subscription s = found.get();
            RedeemAction action = action(request.query("action"));
            boolean keyStep = request.query("step").map("key"::equals).orElse(false);
            return page(request, session, keyStep ? "redeem_key" : "redeem_choose", s, action, Map.of(), 200);
        });
    }

    private WebResponse review(WebRequest request, Matcher path) {
        return portal.signedIn(request, session -> {
            portal.checkForm(request, session);
            long subscriptionId = Long.parseLong(path.group(1));
            if (request.form("action").flatMap(RedeemAction::parse).isEmpty()
                    && products.owned(session.adminEmail(), subscriptionId).isEmpty()) {
                return notYours(request, session); // someone else's subscription is not yours, whatever the action
            }
            RedeemAction action = action(request.form("action"));
            List<String> typed = new ArrayList<>();
            for (int i = 1; i <= MAX_KEYS; i++) {
                request.form("key" + i).filter(v -> !v.isBlank()).ifPresent(typed::add);
            }
            ReviewOrder.Outcome outcome = reviewOrder.review(session, subscriptionId, action, typed,
                    request.clientAddress());
            if (outcome instanceof ReviewOrder.Outcome.Limited l) {
                return keyForm(request, session, l.subscription(), action, "redeem.error.limited",
                        List.of(HH_MM.format(l.until())), 429);
            }
            if (outcome instanceof ReviewOrder.Outcome.Refused r) {
                OrderProblem p = r.problem();
                return keyForm(request, session, r.subscription(), action, p.message(), p.args(), 400);
            }
            if (outcome instanceof ReviewOrder.Outcome.Reviewed r) {
                Map<String, Object> model = new HashMap<>(changeModel(r.change()));
                model.put("keys", r.keys().stream().map(k -> Map.of("lastFive", k.lastFive(), "seats", k.seats(),
                        "termMonths", k.termMonths())).toList());
                return page(request, session, "redeem_review", r.subscription(), action, model, 200);
            }
            return notYours(request, session);
        });
    }

    private WebResponse confirm(WebRequest request, Matcher path) {
        return portal.signedIn(request, session -> {
            portal.checkForm(request, session);
            RedeemKeys.Outcome outcome = redeemKeys.confirm(session, Long.parseLong(path.group(1)),
                    request.preferredLocale());
            if (outcome instanceof RedeemKeys.Outcome.Refused r) {
                OrderProblem p = r.problem();
                return keyForm(request, session, r.subscription(), r.action(), p.message(), p.args(), 409);
            }
            if (outcome instanceof RedeemKeys.Outcome.Redeemed r) {
                return page(request, session, "redeem_done", r.subscription(), r.action(),
                        new HashMap<>(changeModel(r.change())), 200);
            }
            if (outcome instanceof RedeemKeys.Outcome.NothingPending) {
                // Reloaded after redeeming, or a second tab: show the subscription as it is now.
                return WebResponse.seeOther("/products");
            }
            return notYours(request, session);
        });
    }

    private WebResponse notYours(WebRequest request, WebSession session) {
        return portal.page(request, session, "not_yours", Map.of(), 403);
    }

    private WebResponse keyForm(WebRequest request, WebSession session, Subscription s, RedeemAction action,
                                String messageKey, List<?> args, int status) {
        String message = portal.renderer().say(request.preferredLocale(), messageKey, args);
        return page(request, session, "redeem_key", s, action, Map.of("error", message), status);
    }

    private WebResponse page(WebRequest request, WebSession session, String template, Subscription s,
                             RedeemAction action, Map<String, Object> extra, int status) {
        Map<String, Object> model = new HashMap<>(extra);
        model.put("subscription", Map.of("id", s.id(), "product", s.product(), "seats", s.seats(),
                "endDate", s.endDate().toString(), "customerName", s.customerName()));
        model.put("action", action.name());
        return portal.page(request, session, template, model, status);
    }

    private static Map<String, Object> changeModel(SubscriptionRules.Change c) {
        return Map.of("seatsBefore", c.seatsBefore(), "seatsAfter", c.seatsAfter(),
                "endBefore", c.endBefore().toString(), "endAfter", c.endAfter().toString());
    }

    private static RedeemAction action(Optional<String> value) {
        return value.flatMap(RedeemAction::parse).orElseThrow(() -> new HttpError.BadRequest("unknown action"));
    }
}
