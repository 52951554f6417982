package io.activationworker.redemption;

import io.activationworker.catalogue.Product;
import io.activationworker.catalogue.ProductCatalogue;
import io.activationworker.key.InvalidProductKeyException;
import io.activationworker.key.KeyHasher;
import io.activationworker.key.ProductKey;
import io.activationworker.key.ProductKeyDao;
import io.activationworker.key.StoredKey;
import io.activationworker.subscription.Subscription;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Checks the keys typed for one order against one subscription, in the order a person would want
 * to hear about problems: format, existence, channel, already redeemed, product, redeem-by date,
 * seat cap. The first problem is reported; nothing is changed.
 */
final class OrderCheck {

    private final KeyHasher hasher;
    private final ProductCatalogue catalogue;

    public OrderCheck(KeyHasher hasher, ProductCatalogue catalogue) {
        this.hasher = hasher;
        this.catalogue = catalogue;
    }

    /** The keys in the order, or the first problem. */
    Result check(Handle h, Subscription subscription, RedeemAction action, List<String> typed, LocalDate today) {
        List<ProductKey> keys = new ArrayList<>();
        Set<ProductKey> seen = new HashSet<>();
        for (String input : typed) {
            ProductKey key;
            try {
                key = ProductKey.parse(input);
            } catch (InvalidProductKeyException e) {
                // The page says the broken rule in its own language; the exception's text is English.
                return Result.problem(OrderProblem.of("redeem.error.format." + e.rule().name().toLowerCase(Locale.ROOT),
                        true, e.detail(), ProductKey.ALPHABET));
            }
            if (!seen.add(key)) {
                return Result.problem(OrderProblem.of("redeem.error.twice", false, key.masked()));
            }
            keys.add(key);
        }
        if (keys.isEmpty()) {
            return Result.problem(OrderProblem.of("redeem.error.empty", false));
        }
        ProductKeyDao dao = h.attach(ProductKeyDao.class);
        List<StoredKey> stored = new ArrayList<>();
        int addedSeats = 0;
        for (ProductKey key : keys) {
            Optional<StoredKey> found = dao.findByHash(hasher.hash(key));
            if (found.isEmpty()) {
                return Result.problem(OrderProblem.of("redeem.error.unknown", true, key.masked()));
            }
            StoredKey s = found.get();
            if (!s.retail()) {
                // The original key of an activated Open License purchase: the seed's words, a redeemed key
                // cannot be used again and a new, unused one is needed. An unused open key is activated by link.
                return Result.problem(s.unused() ? OrderProblem.of("redeem.error.open", false, key.masked())
                        : OrderProblem.of("redeem.error.openUsed", true, key.masked()));
            }
            if (!s.unused()) {
                return Result.problem(OrderProblem.of("redeem.error.redeemed", true, key.masked()));
            }
            if (!s.product().equals(subscription.product())) {
                return Result.problem(OrderProblem.of("redeem.error.product", false, key.masked(), s.product(),
                        subscription.product()));
            }
            if (s.redeemBy() != null && s.redeemBy().isBefore(today)) {
                return Result.problem(OrderProblem.of("redeem.error.redeemBy", false, key.masked(),
                        s.redeemBy()));
            }
            addedSeats += s.seats();
            stored.add(s);
        }
        if (action == RedeemAction.add) {
            int max = catalogue.find(subscription.product()).map(Product::maxSeats).orElse(Integer.MAX_VALUE);
            if (subscription.seats() + addedSeats > max) {
                return Result.problem(OrderProblem.of("redeem.error.cap", false, Integer.toString(max),
                        Integer.toString(subscription.seats()), Integer.toString(addedSeats)));
            }
        }
        return new Result(stored, Optional.empty());
    }

    record Result(List<StoredKey> keys, Optional<OrderProblem> problem) {
        static Result problem(OrderProblem p) {
            return new Result(List.of(), Optional.of(p));
        }
    }
}
