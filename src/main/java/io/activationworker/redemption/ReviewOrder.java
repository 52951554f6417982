package io.activationworker.redemption;

import io.activationworker.key.StoredKey;
import io.activationworker.ratelimit.AttemptLimiter;
import io.activationworker.signin.SessionDao;
import io.activationworker.signin.WebSession;
import io.activationworker.subscription.Subscription;
import io.activationworker.subscription.SubscriptionRules;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * "Review": the keys typed for an order are checked against the subscription and, when they
 * pass, the order waits in the session for "Redeem"; nothing else changes. One transaction: the
 * rate limit's check, the key check, the failure's record and the session's order, so parallel
 * wrong keys line up behind the limit's lock and never get past it.
 */
final class ReviewOrder {

    /** How a review ended; every outcome but {@link NotYours} names the subscription the page shows. */
    sealed interface Outcome {
        record NotYours() implements Outcome { }

        record Limited(Subscription subscription, Instant until) implements Outcome { }

        record Refused(Subscription subscription, OrderProblem problem) implements Outcome { }

        record Reviewed(Subscription subscription, List<StoredKey> keys, SubscriptionRules.Change change)
                implements Outcome { }
    }

    private final Jdbi jdbi;
    private final OrderCheck check;
    private final AttemptLimiter limiter;
    private final Clock clock;

    ReviewOrder(Jdbi jdbi, OrderCheck check, AttemptLimiter limiter, Clock clock) {
        this.jdbi = jdbi;
        this.check = check;
        this.limiter = limiter;
        this.clock = clock;
    }

    Outcome review(WebSession session, long subscriptionId, RedeemAction action, List<String> typed,
                   String clientAddress) {
        String[] subjects = {"session:" + HexFormat.of().formatHex(session.idHash()), "ip:" + clientAddress};
        return jdbi.inTransaction(h -> {
            Optional<Subscription> owned = YourProducts.owned(h, session.adminEmail(), subscriptionId);
            if (owned.isEmpty()) {
                return new Outcome.NotYours();
            }
            Subscription s = owned.get();
            Optional<Instant> blocked = limiter.blockedUntil(h, subjects);
            if (blocked.isPresent()) {
                return new Outcome.Limited(s, blocked.get());
            }
            LocalDate today = clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
            OrderCheck.Result result = check.check(h, s, action, typed, today);
            if (result.problem().isPresent()) {
                // Only a guess (a wrong or used key) counts; the record is taken under the limit's lock.
                if (result.problem().get().countsAsFailure()) {
                    limiter.record(h, subjects);
                }
                return new Outcome.Refused(s, result.problem().get());
            }
            RedeemOrder order = new RedeemOrder(s.id(), action, result.keys().stream().map(StoredKey::id).toList());
            h.attach(SessionDao.class).setPendingRedemption(session.idHash(), order.toJson());
            return new Outcome.Reviewed(s, result.keys(), OrderPreview.of(s, action, result.keys(), today));
        });
    }
}
