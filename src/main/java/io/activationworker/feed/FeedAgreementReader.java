package io.activationworker.feed;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns one agreement mapping into a {@link FeedAgreement}, or into one rejection per problem
 * found: the agreement is the unit, so any problem keeps the whole agreement (and its keys) out,
 * and the partner sees every problem of it at once. One instance per file read.
 */
final class FeedAgreementReader {

    private static final Set<String> FIELDS =
            Set.of("number", "customer", "onlineAdministrator", "noticesContact", "locale", "keys");
    private static final Pattern NUMBER = Pattern.compile("[A-Z][A-Z0-9-]{2,31}");
    private static final Pattern TENANT = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?");
    private static final String DEFAULT_LOCALE = "en";
    private static final List<String> LOCALES = List.of("en", "nl");

    private final String file;
    private final FeedKeyReader keyReader;
    private final Map<String, Integer> firstLines = new HashMap<>();

    FeedAgreementReader(String file, FeedKeyReader keyReader) {
        this.file = file;
        this.keyReader = keyReader;
    }

    /** {@code position} is the 1-based place in the list, naming an agreement that has no usable number. */
    Optional<FeedAgreement> read(FeedNode node, int position, List<FeedRejection> rejections) {
        if (!(node instanceof FeedNode.Mapping mapping)) {
            rejections.add(new FeedRejection(file, node.line(), "agreement #" + position,
                    "an agreement must be a mapping with number, customer, onlineAdministrator and keys"));
            return Optional.empty();
        }
        List<String> reasons = new ArrayList<>();
        FeedFieldReader fields = new FeedFieldReader(mapping, "", reasons);
        fields.rejectUnknownFields(FIELDS);
        Optional<String> number = number(fields, mapping.line(), reasons);

        Optional<FeedFieldReader> customer = fields.requiredMapping("customer");
        customer.ifPresent(c -> c.rejectUnknownFields(Set.of("tenant", "name")));
        Optional<String> tenant = customer.flatMap(c -> c.requiredText("tenant"));
        tenant.filter(t -> !TENANT.matcher(t).matches()).ifPresent(t -> reasons.add("customer.tenant " + FeedText.quote(t)
                + " must be a lower-case domain-like id, e.g. fabrikam.example"));
        Optional<String> customerName = customer.flatMap(c -> c.requiredText("name"));

        Optional<FeedFieldReader> admin = fields.optionalMapping("onlineAdministrator");
        admin.ifPresent(a -> a.rejectUnknownFields(Set.of("name", "email")));
        Optional<String> adminName = admin.flatMap(a -> a.requiredText("name"));
        Optional<String> adminEmail = admin.flatMap(a -> email(a, "email", true, reasons));
        Optional<String> noticesContact = email(fields, "noticesContact", false, reasons);
        if (!fields.has("onlineAdministrator") && !fields.has("noticesContact")) {
            reasons.add("no onlineAdministrator and no noticesContact");
        }
        String locale = locale(fields, reasons);
        List<FeedKey> keys = keys(fields, reasons);

        String subject = number.map(n -> "agreement " + n).orElse("agreement #" + position);
        if (!reasons.isEmpty()) {
            reasons.forEach(reason -> rejections.add(new FeedRejection(file, mapping.line(), subject, reason)));
            return Optional.empty();
        }
        return Optional.of(new FeedAgreement(mapping.line(), number.orElseThrow(), tenant.orElseThrow(),
                customerName.orElseThrow(), adminName, adminEmail, noticesContact, locale, keys));
    }

    /** A number usable as the subject of rejections, or empty (with the reason written down). */
    private Optional<String> number(FeedFieldReader fields, int line, List<String> reasons) {
        Optional<String> number = fields.requiredText("number");
        if (number.isPresent() && !NUMBER.matcher(number.get()).matches()) {
            reasons.add("number " + FeedText.quote(number.get())
                    + " is not an agreement number (a capital letter, then 2 to 31 capitals, digits or dashes, e.g. V1234567)");
            return Optional.empty();
        }
        number.ifPresent(n -> {
            Integer earlier = firstLines.putIfAbsent(n, line);
            if (earlier != null) {
                reasons.add("agreement number appears twice in this file (first at line " + earlier + ")");
            }
        });
        return number;
    }

    private static Optional<String> email(FeedFieldReader fields, String field, boolean required, List<String> reasons) {
        Optional<String> address = required ? fields.requiredText(field) : fields.optionalText(field);
        if (address.isPresent() && !EmailAddresses.isValid(address.get())) {
            reasons.add(fields.name(field) + " " + FeedText.quote(address.get()) + " is not a valid email address");
            return Optional.empty();
        }
        return address;
    }

    private static String locale(FeedFieldReader fields, List<String> reasons) {
        Optional<String> locale = fields.optionalText("locale");
        if (locale.isEmpty()) {
            return DEFAULT_LOCALE;
        }
        int known = LOCALES.indexOf(locale.get());
        if (known < 0) {
            reasons.add("locale " + FeedText.quote(locale.get()) + " is not supported (use en or nl)");
            return DEFAULT_LOCALE;
        }
        return LOCALES.get(known);
    }

    private List<FeedKey> keys(FeedFieldReader fields, List<String> reasons) {
        if (!fields.has("keys")) {
            reasons.add("no keys");
            return List.of();
        }
        List<FeedNode> items = fields.optionalSequence("keys").map(FeedNode.Sequence::items).orElse(null);
        if (items == null) {
            return List.of();
        }
        if (items.isEmpty()) {
            reasons.add("no keys");
        }
        List<FeedKey> keys = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            FeedKeyReader.Outcome outcome = keyReader.read(items.get(i));
            String label = "key " + outcome.productKey().map(k -> k.masked()).orElse(Integer.toString(i + 1));
            outcome.reasons().forEach(reason -> reasons.add(label + ": " + reason));
            outcome.firstLine().ifPresent(first ->
                    reasons.add(label + " appears twice in this file (first at line " + first + ")"));
            outcome.key().ifPresent(keys::add);
        }
        return keys;
    }
}
