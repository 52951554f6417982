package io.activationworker.activation;

import io.activationworker.agreement.Agreement;
import io.activationworker.db.Transactions;
import io.activationworker.mail.MessageKind;
import io.activationworker.outbox.Outbox;
import io.activationworker.outbox.Recipient;
import io.activationworker.partner.WebhookEvents;
import io.activationworker.signin.Sessions;
import io.activationworker.subscription.Subscription;
import io.activationworker.subscription.SubscriptionRules;
import io.activationworker.subscription.SubscriptionState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accept use case: in one transaction the link is marked used, its keys are redeemed, the
 * subscriptions are created or extended, the acceptance is recorded, the confirmation email is
 * queued and the administrator's session is started. Marking the link used comes first and locks
 * its row, so concurrent accepts (double clicks, two tabs, two instances) line up and all but the
 * first find it used.
 *
 * <p>One transaction per accept ({@link Transactions}): two statements of {@link AcceptDao}, found
 * by the token's hash with no read before them, then the confirmation email and the session through
 * their tables' one write path; the date and seat rules stay in {@link SubscriptionRules}, applied
 * here key by key as before. The terms recorded are those the link's page shows: the agreement's
 * language.
 */
public final class ActivateKeys {

    private static final Logger log = LoggerFactory.getLogger(ActivateKeys.class);
    private static final int MAX_ATTEMPTS = 3;
    /** A second POST this soon after the first (double click, second tab) shows the same result. */
    private static final Duration SAME_RESULT_WINDOW = Duration.ofMinutes(10);
    /** PostgreSQL's name for {@code unique (tenant_id, product)} on {@code subscription}. */
    private static final String SUBSCRIPTION_KEY = "subscription_tenant_id_product_key";

    private final Jdbi jdbi;
    private final AcceptDao dao = new AcceptDao();
    private final Outbox outbox;
    private final TermsText terms;
    private final Sessions sessions;
    private final Clock clock;
    private final String baseUrl;

    public ActivateKeys(Jdbi jdbi, Outbox outbox, TermsText terms, Sessions sessions, Clock clock,
                        String baseUrl) {
        this.jdbi = jdbi;
        this.outbox = outbox;
        this.terms = terms;
        this.sessions = sessions;
        this.clock = clock;
        this.baseUrl = baseUrl;
    }

    /**
     * Accepts the link whose token hashes to {@code tokenHash}, for a browser at {@code clientAddress}
     * whose pre-session cookie hashes to {@code clientHash} (empty when it sent none); empty when no
     * link has that token.
     */
    public Optional<AcceptOutcome> accept(byte[] tokenHash, Optional<byte[]> clientHash, String clientAddress,
                                          String userAgent) {
        byte[] client = clientHash.orElse(null);
        // Two links of one organisation accepted at the same moment can both find no subscription
        // for a product and both create it; the second one's insert fails on the (tenant, product)
        // key and its transaction rolls back whole. Run again: it now finds the subscription and
        // extends it.
        Optional<AcceptOutcome> outcome = Transactions.retryingOnUniqueViolation(jdbi, SUBSCRIPTION_KEY, MAX_ATTEMPTS,
                h -> accept(h, tokenHash, client, clientAddress, userAgent),
                attempt -> log.info("event=accept_retried attempt={} reason=subscription_created_concurrently", attempt));
        if (outcome.orElse(null) instanceof AcceptOutcome.Activated) {
            outbox.nudge();
        }
        return outcome;
    }

    /**
     * A second press of an accepted link's button by the browser that accepted it, within
     * {@link #SAME_RESULT_WINDOW} (a double click, a second tab: its first answer, with the cookie,
     * was dropped): a new session for the administrator, in its own transaction. Empty for anyone else.
     */
    public Optional<Sessions.NewSession> secondPress(AcceptOutcome.AlreadyUsed used) {
        if (!used.sameClient() || !used.link().usedAt().plus(SAME_RESULT_WINDOW).isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(sessions.start(used.adminEmail(), used.link().id()));
    }

    private Optional<AcceptOutcome> accept(Handle h, byte[] tokenHash, byte[] clientHash, String clientAddress,
                                           String userAgent) {
        Instant now = clock.instant();
        Optional<AcceptDao.UsedLink> used = dao.useLinkAndRedeemKeys(h, tokenHash, clientHash, now);
        if (used.isEmpty()) {
            return dao.findLink(h, tokenHash, clientHash).map(found -> switch (found.link().status(now)) {
                case USED -> new AcceptOutcome.AlreadyUsed(found.link(), found.link().recipientEmail(),
                        found.usedBySameClient());
                case REVOKED -> new AcceptOutcome.Revoked(found.link());
                case EXPIRED -> new AcceptOutcome.Expired(found.link());
                case OPEN -> throw new IllegalStateException("link_id=" + found.link().id()
                        + " is open but was not marked used");
            });
        }
        ActivationLink link = used.get().link();
        Agreement agreement = used.get().agreement();
        TermsText.Terms shown = terms.forLocale(agreement.locale());
        // Stored with the activation, in the same commit.
        Sessions.NewSession session = sessions.prepare(link.recipientEmail());
        AcceptRequest request = new AcceptRequest(shown.version(), shown.sha256(), clientAddress, userAgent, session);
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        Activation activation = activate(agreement, link, used.get().keys(), used.get().locked(), today);
        long[] keyIds = used.get().keys().stream().mapToLong(AcceptDao.LinkKey::id).toArray();
        dao.record(h, new AcceptDao.Acceptance(link.id(), agreement, link.recipientEmail(), now, today,
                activation.created(), activation.changed(), activation.redemptions(), request, keyIds));
        queueConfirmation(h, agreement, link, activation.activated(), now);
        sessions.store(h, session, link.id());
        // issue 16: the partner hears of it, in this transaction (nothing is written without a webhook)
        WebhookEvents.queue(h, agreement.partnerId(), WebhookEvents.AGREEMENT_ACTIVATED, now,
                activatedEvent(agreement, link, activation.activated(), now));
        log.info("event=activated agreement={} link_id={} keys={} outcome=activated", agreement.number(), link.id(),
                activation.redemptions().size());
        return Optional.of(new AcceptOutcome.Activated(link, link.recipientEmail(), session));
    }

    /** What the redeemed keys do to the tenant's subscriptions, in key order, as if applied one at a time. */
    private record Activation(List<Subscription> created, List<Subscription> changed,
                              List<AcceptDao.Redemption> redemptions, List<Map<String, Object>> activated) {
    }

    private Activation activate(Agreement agreement, ActivationLink link, List<AcceptDao.LinkKey> keys,
                                Map<String, Subscription> locked, LocalDate today) {
        List<AcceptDao.LinkKey> redeemed = new ArrayList<>(keys.size());
        for (AcceptDao.LinkKey key : keys) {
            if (key.redeemed()) {
                redeemed.add(key);
            } else {
                log.warn("event=key_already_redeemed agreement={} link_id={} key={}", agreement.number(), link.id(),
                        "…" + key.lastFive());
            }
        }
        Map<String, Subscription> byProduct = new LinkedHashMap<>(locked);
        Set<String> createdProducts = new HashSet<>();
        List<AcceptDao.Redemption> redemptions = new ArrayList<>(redeemed.size());
        List<Map<String, Object>> activated = new ArrayList<>(redeemed.size());
        for (AcceptDao.LinkKey key : redeemed) {
            Subscription before = byProduct.get(key.product());
            SubscriptionRules.Change change = SubscriptionRules.activate(Optional.ofNullable(before), key.seats(),
                    key.termMonths(), today);
            LocalDate start = before == null ? today : before.startDate();
            if (before == null) {
                createdProducts.add(key.product());
            }
            // A subscription created by an earlier key of this link has no id yet: the row names its product.
            Long subscriptionId = before == null || createdProducts.contains(key.product()) ? null : before.id();
            byProduct.put(key.product(), new Subscription(before == null ? 0 : before.id(), agreement.tenantId(),
                    agreement.customerName(), key.product(), change.seatsAfter(), start, change.endAfter(), SubscriptionState.active));
            redemptions.add(new AcceptDao.Redemption(key.id(), subscriptionId, key.product(),
                    before == null ? null : change.seatsBefore(), change.seatsAfter(), change.endBefore(),
                    change.endAfter()));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("product", key.product());
            row.put("seats", change.seatsAfter());
            row.put("startDate", start.toString());
            row.put("endDate", change.endAfter().toString());
            activated.add(row);
        }
        List<Subscription> created = new ArrayList<>();
        List<Subscription> changed = new ArrayList<>();
        for (Subscription s : byProduct.values()) {
            (createdProducts.contains(s.product()) ? created : changed).add(s);
        }
        return new Activation(created, changed, redemptions, activated);
    }

    private static Map<String, Object> activatedEvent(Agreement agreement, ActivationLink link,
                                                      List<Map<String, Object>> activated, Instant now) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("agreement", agreement.number());
        data.put("tenant", agreement.tenantId());
        data.put("administrator", link.recipientEmail());
        data.put("activatedAt", now.toString());
        data.put("subscriptions", activated);
        return data;
    }

    private void queueConfirmation(Handle h, Agreement agreement, ActivationLink link,
                                   List<Map<String, Object>> activated, Instant now) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("adminName", link.recipientName());
        model.put("agreementNumber", agreement.number());
        model.put("customerName", agreement.customerName());
        model.put("partnerName", agreement.partnerName());
        if (agreement.partnerContact() != null) { // issue 16
            model.put("partnerContact", agreement.partnerContact());
        }
        model.put("activatedAt", now.toString());
        model.put("subscriptions", activated);
        model.put("productsUrl", baseUrl + "/products");
        outbox.enqueue(h, MessageKind.ACTIVATION_CONFIRMATION, Recipient.of(link.recipientEmail(), link.recipientName()),
                agreement.locale(), model, agreement.number());
    }
}
