package io.activationworker.redemption;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.activationworker.agreement.Agreement;
import io.activationworker.agreement.AgreementDao;
import io.activationworker.key.StoredKey;
import io.activationworker.ratelimit.AttemptLimiter;
import io.activationworker.signin.Sessions;
import io.activationworker.signin.WebSession;
import io.activationworker.subscription.Subscription;
import io.activationworker.subscription.SubscriptionDao;
import io.activationworker.subscription.SubscriptionRules;
import io.activationworker.web.HttpError;
import io.activationworker.web.Route;
import io.activationworker.web.WebRequest;
import io.activationworker.web.WebResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import org.jdbi.v3.core.Jdbi;

/**
 * The redeem steps of "Your products": choose "Use a new and unused product key", enter the key,
 * review the order details (nothing changed yet), Redeem. The reviewed order waits in the session.
 */
public final class RedeemPages {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_KEYS = 3;

    private final Jdbi jdbi;
    private final PortalPages portal;
    private final Sessions sessions;
    private final OrderCheck check;
    private final RedeemKeys redeemKeys;
    private final AttemptLimiter limiter;
    private final Clock clock;

    public RedeemPages(Jdbi jdbi, PortalPages portal, Sessions sessions, OrderCheck check, RedeemKeys redeemKeys,
                       AttemptLimiter limiter, Clock clock) {
        this.jdbi = jdbi;
        this.portal = portal;
        this.sessions = sessions;
        this.check = check;
        this.redeemKeys = redeemKeys;
        this.limiter = limiter;
        this.clock = clock;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/products/(?<id>\\d{1,18})/redeem", this::start),
                Route.post("/products/(?<id>\\d{1,18})/redeem", this::review),
                Route.post("/products/(?<id>\\d{1,18})/redeem/confirm", this::confirm));
    }

    private WebResponse start(WebRequest request, Matcher path) {
        return portal.signedIn(request, session -> {
            Optional<Subscription> found = owned(session, path.group(1));
            if (found.isEmpty()) {
                return portal.page(request, session, "not_yours", Map.of(), 403);
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
            Optional<Subscription> found = owned(session, path.group(1));
            if (found.isEmpty()) {
                return portal.page(request, session, "not_yours", Map.of(), 403);
            }
            Subscription s = found.get();
            RedeemAction action = action(request.form("action"));
            String[] subjects = subjects(request, session);
            List<String> typed = new ArrayList<>();
            for (int i = 1; i <= MAX_KEYS; i++) {
                request.form("key" + i).filter(v -> !v.isBlank()).ifPresent(typed::add);
            }
            LocalDate today = today();
            // The attempt is counted before the keys are checked (check and record are one step under
            // the limiter's lock), so parallel wrong keys never get past the limit; an attempt that
            // does not count as a failure gives its record back.
            Optional<long[]> reserved = limiter.reserve(jdbi, subjects);
            if (reserved.isEmpty()) {
                Instant until = limiter.blockedUntil(jdbi, subjects).orElseGet(clock::instant);
                return keyForm(request, session, s, action, "redeem.error.limited",
                        List.of(DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC).format(until)), 429);
            }
            OrderCheck.Result checkedKeys;
            try {
                checkedKeys = jdbi.withHandle(h -> check.check(h, s, action, typed, today));
            } catch (RuntimeException e) {
                try {
                    limiter.forget(jdbi, reserved.get());
                } catch (RuntimeException alsoFailed) {
                    e.addSuppressed(alsoFailed);
                }
                throw e;
            }
            if (checkedKeys.problem().filter(OrderProblem::countsAsFailure).isEmpty()) {
                limiter.forget(jdbi, reserved.get());
            }
            OrderCheck.Result result = checkedKeys;
            if (result.problem().isPresent()) {
                OrderProblem p = result.problem().get();
                return keyForm(request, session, s, action, p.message(), p.args(), 400);
            }
            RedeemOrder order = new RedeemOrder(s.id(), action, result.keys().stream().map(StoredKey::id).toList());
            sessions.setPendingRedemption(session, toJson(order));
            SubscriptionRules.Change change = OrderPreview.of(s, action, result.keys(), today);
            Map<String, Object> model = new HashMap<>(changeModel(change));
            model.put("keys", result.keys().stream().map(k -> Map.of("lastFive", k.lastFive(), "seats", k.seats(),
                    "termMonths", k.termMonths())).toList());
            return page(request, session, "redeem_review", s, action, model, 200);
        });
    }

    private WebResponse confirm(WebRequest request, Matcher path) {
        return portal.signedIn(request, session -> {
            portal.checkForm(request, session);
            Optional<Subscription> found = owned(session, path.group(1));
            if (found.isEmpty()) {
                return portal.page(request, session, "not_yours", Map.of(), 403);
            }
            Subscription s = found.get();
            Optional<RedeemOrder> order = pending(session).filter(o -> o.subscriptionId() == s.id());
            if (order.isEmpty()) {
                // Reloaded after redeeming, or a second tab: show the subscription as it is now.
                return WebResponse.seeOther("/products");
            }
            sessions.setPendingRedemption(session, null);
            RedeemKeys.Outcome outcome = redeemKeys.confirm(session.adminEmail(), order.get(), request.preferredLocale());
            if (outcome.problem().isPresent()) {
                OrderProblem p = outcome.problem().get();
                return keyForm(request, session, s, order.get().action(), p.message(), p.args(), 409);
            }
            Map<String, Object> model = new HashMap<>(changeModel(outcome.change().orElseThrow()));
            return page(request, session, "redeem_done", s, order.get().action(), model, 200);
        });
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

    /** The subscription, when it belongs to an organisation this administrator administers. */
    private Optional<Subscription> owned(WebSession session, String id) {
        long subscriptionId = Long.parseLong(id);
        return jdbi.withHandle(h -> {
            Optional<Subscription> s = h.attach(SubscriptionDao.class).findById(subscriptionId);
            List<String> tenants = h.attach(AgreementDao.class).findByAdminEmail(session.adminEmail()).stream()
                    .map(Agreement::tenantId).toList();
            return s.filter(sub -> tenants.contains(sub.tenantId()));
        });
    }

    private static RedeemAction action(Optional<String> value) {
        return value.flatMap(RedeemAction::parse).orElseThrow(() -> new HttpError.BadRequest("unknown action"));
    }

    private static String[] subjects(WebRequest request, WebSession session) {
        return new String[] {"session:" + HexFormat.of().formatHex(session.idHash()), "ip:" + request.clientAddress()};
    }

    private LocalDate today() {
        return clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
    }

    private static String toJson(RedeemOrder order) {
        try {
            return JSON.writeValueAsString(order);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<RedeemOrder> pending(WebSession session) {
        if (session.pendingRedemption() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(session.pendingRedemption(), RedeemOrder.class));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
