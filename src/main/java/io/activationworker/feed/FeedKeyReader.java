package io.activationworker.feed;

import io.activationworker.catalogue.Product;
import io.activationworker.catalogue.ProductCatalogue;
import io.activationworker.key.InvalidProductKeyException;
import io.activationworker.key.ProductKey;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Checks one key mapping (open or retail: the fields are the same) against the catalogue, and
 * remembers every key of the file so a key that appears twice is caught wherever the second one is.
 * One instance per file read.
 */
final class FeedKeyReader {

    static final int MAX_TERM_MONTHS = 120;
    private static final Set<String> FIELDS = Set.of("key", "product", "seats", "termMonths", "redeemBy");

    private final ProductCatalogue catalogue;
    private final Map<ProductKey, Integer> firstLines = new HashMap<>();

    FeedKeyReader(ProductCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    /**
     * The outcome for one key: {@code key} is present only when nothing is wrong. {@code reasons}
     * never contain the key itself; {@code firstLine} is set when the key already appeared earlier
     * in the file, and callers phrase that themselves because it reads differently per subject.
     */
    record Outcome(Optional<ProductKey> productKey, List<String> reasons, OptionalInt firstLine, Optional<FeedKey> key) {
    }

    Outcome read(FeedNode node) {
        if (!(node instanceof FeedNode.Mapping mapping)) {
            return new Outcome(Optional.empty(), List.of("a key must be a mapping with key, product, seats and termMonths"),
                    OptionalInt.empty(), Optional.empty());
        }
        List<String> reasons = new ArrayList<>();
        FeedFieldReader fields = new FeedFieldReader(mapping, "", reasons);
        fields.rejectUnknownFields(FIELDS);
        Optional<ProductKey> productKey = fields.requiredText("key").flatMap(text -> parse(text, reasons));
        Optional<Product> product = fields.requiredText("product").flatMap(name -> product(name, reasons));
        Optional<Integer> seats = fields.requiredWholeNumber("seats", 1, product.map(Product::maxSeats).orElse(Integer.MAX_VALUE),
                product.map(p -> "seats must be between 1 and " + p.maxSeats() + " — the maximum is " + p.maxSeats() + " licences")
                        .orElse("seats must be a whole number of at least 1"));
        Optional<Integer> termMonths = fields.requiredWholeNumber("termMonths", 1, MAX_TERM_MONTHS,
                "termMonths must be a whole number between 1 and " + MAX_TERM_MONTHS);
        Optional<LocalDate> redeemBy = fields.optionalText("redeemBy").flatMap(text -> date(text, reasons));
        boolean redeemByUsable = !fields.has("redeemBy") || redeemBy.isPresent();

        OptionalInt firstLine = OptionalInt.empty();
        if (productKey.isPresent()) {
            Integer earlier = firstLines.putIfAbsent(productKey.get(), mapping.line());
            firstLine = earlier == null ? OptionalInt.empty() : OptionalInt.of(earlier);
        }
        Optional<FeedKey> key = Optional.empty();
        if (reasons.isEmpty() && firstLine.isEmpty() && productKey.isPresent() && product.isPresent() && seats.isPresent()
                && termMonths.isPresent() && redeemByUsable) {
            key = Optional.of(new FeedKey(mapping.line(), productKey.get(), product.get().name(), seats.get(), termMonths.get(),
                    redeemBy));
        }
        return new Outcome(productKey, List.copyOf(reasons), firstLine, key);
    }

    /** The parser's message says which rule broke; the key itself is never repeated. */
    private static Optional<ProductKey> parse(String text, List<String> reasons) {
        try {
            return Optional.of(ProductKey.parse(text));
        } catch (InvalidProductKeyException e) {
            reasons.add(e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<Product> product(String name, List<String> reasons) {
        Optional<Product> product = catalogue.find(name);
        if (product.isEmpty()) {
            reasons.add("unknown product " + FeedText.quote(name) + " (see " + catalogue.source() + ")");
        }
        return product;
    }

    private static Optional<LocalDate> date(String text, List<String> reasons) {
        try {
            return Optional.of(LocalDate.parse(text));
        } catch (DateTimeParseException e) {
            reasons.add("redeemBy " + FeedText.quote(text) + " is not a date (expected YYYY-MM-DD, e.g. 2027-06-30)");
            return Optional.empty();
        }
    }
}
