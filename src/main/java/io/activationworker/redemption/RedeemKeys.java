package io.activationworker.redemption;

import io.activationworker.catalogue.Product;
import io.activationworker.catalogue.ProductCatalogue;
import io.activationworker.agreement.Agreement;
import io.activationworker.agreement.AgreementDao;
import io.activationworker.key.ProductKeyDao;
import io.activationworker.key.StoredKey;
import io.activationworker.mail.MessageKind;
import io.activationworker.outbox.Outbox;
import io.activationworker.outbox.Recipient;
import io.activationworker.partner.WebhookEvents;
import io.activationworker.signin.SessionDao;
import io.activationworker.signin.WebSession;
import io.activationworker.subscription.KeyRedemptionDao;
import io.activationworker.subscription.Subscription;
import io.activationworker.subscription.SubscriptionState;
import io.activationworker.subscription.SubscriptionDao;
import io.activationworker.subscription.SubscriptionRules;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Redeem": in one transaction every key of the order goes unused → redeemed, the subscription
 * changes, each key's effect is recorded and the confirmation email is queued. A key someone else
 * redeemed first (0 rows changed) rolls the whole order back: exactly one redemption, ever.
 */
final class RedeemKeys {

    private static final Logger log = LoggerFactory.getLogger(RedeemKeys.class);
    /** Where a lost race rolls back to: the order leaves the session either way. */
    private static final String ORDER = "order";

    /** How a confirm ended; every outcome but the first two names the subscription the page shows. */
    sealed interface Outcome {
        record NotYours() implements Outcome { }

        /** No order of this subscription waits in the session (reloaded after redeeming, or a second tab). */
        record NothingPending() implements Outcome { }

        record Refused(Subscription subscription, RedeemAction action, OrderProblem problem) implements Outcome { }

        record Redeemed(Subscription subscription, RedeemAction action, SubscriptionRules.Change change)
                implements Outcome { }
    }

    private final Jdbi jdbi;
    private final ProductCatalogue catalogue;
    private final Outbox outbox;
    private final Clock clock;
    private final String baseUrl;

    RedeemKeys(Jdbi jdbi, ProductCatalogue catalogue, Outbox outbox, Clock clock, String baseUrl) {
        this.jdbi = jdbi;
        this.catalogue = catalogue;
        this.outbox = outbox;
        this.clock = clock;
        this.baseUrl = baseUrl;
    }

    /**
     * Redeems the order the session holds for subscription {@code subscriptionId}. The order leaves
     * the session in the same transaction, whether or not it goes through.
     */
    Outcome confirm(WebSession session, long subscriptionId, String locale) {
        Outcome outcome = jdbi.inTransaction(h -> {
            Optional<Subscription> owned = YourProducts.owned(h, session.adminEmail(), subscriptionId);
            if (owned.isEmpty()) {
                return new Outcome.NotYours();
            }
            Subscription s = owned.get();
            Optional<RedeemOrder> order = RedeemOrder.fromJson(session.pendingRedemption())
                    .filter(o -> o.subscriptionId() == s.id());
            if (order.isEmpty()) {
                return new Outcome.NothingPending();
            }
            h.attach(SessionDao.class).setPendingRedemption(session.idHash(), null);
            h.savepoint(ORDER);
            try {
                return redeem(h, session.adminEmail(), s, order.get(), locale);
            } catch (LostRace race) {
                h.rollbackToSavepoint(ORDER);
                return new Outcome.Refused(s, order.get().action(), race.problem);
            }
        });
        if (outcome instanceof Outcome.Redeemed) {
            outbox.nudge();
        }
        return outcome;
    }

    private Outcome redeem(Handle h, String adminEmail, Subscription owned, RedeemOrder order, String locale) {
        Subscription s = h.attach(SubscriptionDao.class).lock(order.subscriptionId()).orElseThrow();
        Instant now = clock.instant();
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        ProductKeyDao keysDao = h.attach(ProductKeyDao.class);
        List<StoredKey> keys = keysDao.findByIds(order.keyIds().stream().mapToLong(Long::longValue).toArray());
        for (StoredKey k : keys) {
            // The review may have been yesterday: a key past its redeem-by date is refused here too.
            if (k.unused() && k.redeemBy() != null && k.redeemBy().isBefore(today)) {
                return new Outcome.Refused(owned, order.action(), OrderProblem.of("redeem.error.redeemBy", false,
                        "…" + k.lastFive(), k.redeemBy()));
            }
        }
        SubscriptionRules.Change total = OrderPreview.of(s, order.action(), keys, today);
        int max = catalogue.find(s.product()).map(Product::maxSeats).orElse(Integer.MAX_VALUE);
        if (total.seatsAfter() > max) {
            return new Outcome.Refused(owned, order.action(), OrderProblem.of("redeem.error.cap", false,
                    Integer.toString(max), Integer.toString(s.seats()), Integer.toString(total.seatsAfter() - s.seats())));
        }
        Subscription current = s;
        for (StoredKey k : keys) {
            if (keysDao.markRedeemed(k.id(), now) != 1) {
                // Someone redeemed it between review and now: undo the whole order.
                throw new LostRace(OrderProblem.of("redeem.error.redeemed", false, "…" + k.lastFive()));
            }
            SubscriptionRules.Change c = order.action() == RedeemAction.extend
                    ? SubscriptionRules.extend(current, k.termMonths(), today)
                    : SubscriptionRules.addSeats(current, k.seats());
            h.attach(KeyRedemptionDao.class).insert(k.id(), s.id(), order.action().name(), adminEmail,
                    c.seatsBefore(), c.seatsAfter(), c.endBefore(), c.endAfter(), now);
            current = new Subscription(s.id(), s.tenantId(), s.customerName(), s.product(), c.seatsAfter(),
                    s.startDate(), c.endAfter(), SubscriptionState.active);
        }
        h.attach(SubscriptionDao.class).update(s.id(), current.seats(), current.endDate());
        queueConfirmation(h, adminEmail, s, keys, order.action(), total, now, locale);
        for (StoredKey k : keys) { // issue 16: the selling partner hears of each key, in this transaction
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("key", "…" + k.lastFive());
            data.put("product", k.product());
            data.put("seats", k.seats());
            data.put("termMonths", k.termMonths());
            data.put("action", order.action().name());
            data.put("tenant", s.tenantId());
            data.put("redeemedAt", now.toString());
            data.put("subscription", Map.of("seats", current.seats(), "endDate", current.endDate().toString()));
            WebhookEvents.queue(h, k.partnerId(), WebhookEvents.KEY_REDEEMED, now, data);
        }
        log.info("event=redeemed subscription_id={} action={} keys={} outcome=redeemed", s.id(), order.action(),
                keys.stream().map(k -> "…" + k.lastFive()).collect(Collectors.joining(",")));
        return new Outcome.Redeemed(owned, order.action(), total);
    }

    private void queueConfirmation(Handle h, String adminEmail, Subscription s, List<StoredKey> keys,
                                   RedeemAction action, SubscriptionRules.Change total, Instant now, String locale) {
        List<Agreement> agreements = h.attach(AgreementDao.class).findByAdminEmail(adminEmail);
        Optional<Agreement> agreement = agreements.stream().filter(a -> a.tenantId().equals(s.tenantId())).findFirst();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("adminName", agreement.map(Agreement::adminName).orElse(null));
        model.put("customerName", s.customerName());
        model.put("product", s.product());
        model.put("keyLastFive", keys.stream().map(StoredKey::lastFive).collect(Collectors.joining(", ")));
        model.put("action", action.name());
        model.put("seatsBefore", total.seatsBefore());
        model.put("seatsAfter", total.seatsAfter());
        model.put("endBefore", total.endBefore().toString());
        model.put("endAfter", total.endAfter().toString());
        model.put("productsUrl", baseUrl + "/products");
        model.put("redeemedAt", now.toString());
        outbox.enqueue(h, MessageKind.REDEMPTION_CONFIRMATION,
                Recipient.of(adminEmail, agreement.map(Agreement::adminName).orElse(null)),
                agreement.map(Agreement::locale).orElse(locale), model, agreement.map(Agreement::number).orElse(null));
    }

    /** Thrown inside the transaction to roll it back when a key was redeemed by someone else. */
    private static final class LostRace extends RuntimeException {
        final OrderProblem problem;

        LostRace(OrderProblem problem) {
            super(null, null, false, false);
            this.problem = problem;
        }
    }
}
