package io.activationworker.activation;

import io.activationworker.agreement.Agreement;
import io.activationworker.agreement.AgreementDao;
import io.activationworker.key.ProductKeyDao;
import io.activationworker.key.StoredKey;
import io.activationworker.mail.MessageKind;
import io.activationworker.outbox.Outbox;
import io.activationworker.outbox.Recipient;
import io.activationworker.subscription.KeyRedemptionDao;
import io.activationworker.subscription.Subscription;
import io.activationworker.subscription.SubscriptionDao;
import io.activationworker.subscription.SubscriptionRules;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accept use case: in one transaction the link is marked used, its keys are redeemed, the
 * subscriptions are created or extended, the acceptance is recorded and the confirmation email
 * is queued. The link row is locked first, so concurrent accepts (double clicks, two tabs, two
 * instances) line up and all but the first find it used.
 */
public final class ActivateKeys {

    private static final Logger log = LoggerFactory.getLogger(ActivateKeys.class);

    private final Jdbi jdbi;
    private final Outbox outbox;
    private final Clock clock;
    private final String baseUrl;

    public ActivateKeys(Jdbi jdbi, Outbox outbox, Clock clock, String baseUrl) {
        this.jdbi = jdbi;
        this.outbox = outbox;
        this.clock = clock;
        this.baseUrl = baseUrl;
    }

    public AcceptOutcome accept(ActivationLink found, AcceptRequest request) {
        AcceptOutcome outcome = jdbi.inTransaction(h -> acceptLocked(h, found.id(), request));
        if (outcome instanceof AcceptOutcome.Activated) {
            outbox.nudge();
        }
        return outcome;
    }

    private AcceptOutcome acceptLocked(Handle h, long linkId, AcceptRequest request) {
        ActivationLinkDao links = h.attach(ActivationLinkDao.class);
        ActivationLink link = links.lock(linkId).orElseThrow();
        Instant now = clock.instant();
        switch (link.status(now)) {
            case USED:
                return new AcceptOutcome.AlreadyUsed(link, link.recipientEmail());
            case REVOKED:
                return new AcceptOutcome.Revoked(link);
            case EXPIRED:
                return new AcceptOutcome.Expired(link);
            default:
                break;
        }
        links.markUsed(link.id(), now);
        Agreement agreement = h.attach(AgreementDao.class).findByNumber(link.agreementNumber()).orElseThrow();
        List<Long> keyIds = links.keyIds(link.id());
        List<StoredKey> keys = h.attach(ProductKeyDao.class).findByIds(keyIds.stream().mapToLong(Long::longValue).toArray());
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        List<Map<String, Object>> activated = new ArrayList<>();
        for (StoredKey key : keys) {
            redeem(h, agreement, link, key, now, today).ifPresent(activated::add);
        }
        h.attach(AcceptanceDao.class).insert(link.id(), agreement.number(), link.recipientEmail(),
                request.termsVersion(), request.termsSha256(), now, request.remoteAddress(), request.userAgent(),
                keyIds.stream().mapToLong(Long::longValue).toArray());
        queueConfirmation(h, agreement, link, activated, now);
        log.info("event=activated agreement={} link_id={} keys={} outcome=activated", agreement.number(), link.id(),
                activated.size());
        return new AcceptOutcome.Activated(link, link.recipientEmail());
    }

    /** Redeems one open key; a key already redeemed some other way is skipped, never redeemed twice. */
    private Optional<Map<String, Object>> redeem(Handle h, Agreement agreement, ActivationLink link, StoredKey key,
                                                 Instant now, LocalDate today) {
        if (h.attach(ProductKeyDao.class).markRedeemed(key.id(), now) != 1) {
            log.warn("event=key_already_redeemed agreement={} link_id={} key={}", agreement.number(), link.id(),
                    "…" + key.lastFive());
            return Optional.empty();
        }
        SubscriptionDao subscriptions = h.attach(SubscriptionDao.class);
        Optional<Subscription> current = subscriptions.lockByTenantAndProduct(agreement.tenantId(), key.product());
        SubscriptionRules.Change change = SubscriptionRules.activate(current, key.seats(), key.termMonths(), today);
        long subscriptionId;
        if (current.isPresent()) {
            subscriptionId = current.get().id();
            subscriptions.update(subscriptionId, change.seatsAfter(), change.endAfter());
        } else {
            subscriptionId = subscriptions.insert(agreement.tenantId(), agreement.customerName(), key.product(),
                    change.seatsAfter(), today, change.endAfter());
        }
        h.attach(KeyRedemptionDao.class).insert(key.id(), subscriptionId, "activate", link.recipientEmail(),
                current.isPresent() ? change.seatsBefore() : null, change.seatsAfter(), change.endBefore(),
                change.endAfter(), now);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("product", key.product());
        row.put("seats", change.seatsAfter());
        row.put("startDate", current.map(Subscription::startDate).orElse(today).toString());
        row.put("endDate", change.endAfter().toString());
        return Optional.of(row);
    }

    private void queueConfirmation(Handle h, Agreement agreement, ActivationLink link,
                                   List<Map<String, Object>> activated, Instant now) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("adminName", link.recipientName());
        model.put("agreementNumber", agreement.number());
        model.put("customerName", agreement.customerName());
        model.put("partnerName", agreement.partnerName());
        model.put("activatedAt", now.toString());
        model.put("subscriptions", activated);
        model.put("productsUrl", baseUrl + "/products");
        outbox.enqueue(h, MessageKind.ACTIVATION_CONFIRMATION, Recipient.of(link.recipientEmail(), link.recipientName()),
                agreement.locale(), model, agreement.number());
    }
}
