package io.activationworker.feed;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads typed fields out of one mapping and writes down, instead of throwing, every reason a
 * field is unusable, so a partner learns all the problems of an agreement in one run. Every text
 * goes through the same checks (type, control characters, length): a name is a mail header later.
 */
final class FeedFieldReader {

    static final int MAX_TEXT_LENGTH = 320;

    private final FeedNode.Mapping mapping;
    private final String path;
    private final List<String> reasons;

    /** {@code path} prefixes field names in reasons, e.g. "customer." gives "customer.tenant". */
    FeedFieldReader(FeedNode.Mapping mapping, String path, List<String> reasons) {
        this.mapping = mapping;
        this.path = path;
        this.reasons = reasons;
    }

    /** Present and not null: {@code field: ~} or {@code field:} counts as absent. */
    boolean has(String field) {
        return value(field).isPresent();
    }

    /** Partners' typos ("onlineAdminstrator") must not silently drop a field. */
    void rejectUnknownFields(Set<String> known) {
        for (String name : mapping.fields().keySet()) {
            if (!known.contains(name)) {
                reasons.add("unknown field " + FeedText.quote(path + name));
            }
        }
    }

    Optional<String> requiredText(String field) {
        if (!has(field)) {
            reasons.add("missing field '" + name(field) + "'");
            return Optional.empty();
        }
        return optionalText(field);
    }

    /** The text without surrounding spaces; empty, and a reason written down, if it is not usable text. */
    Optional<String> optionalText(String field) {
        Optional<FeedNode> node = value(field);
        if (node.isEmpty()) {
            return Optional.empty();
        }
        if (!(node.get() instanceof FeedNode.Scalar scalar) || scalar.kind() != FeedNode.Scalar.Kind.TEXT) {
            reasons.add("field " + name(field) + " must be text, not " + node.get().describe());
            return Optional.empty();
        }
        Optional<String> unsafe = FeedText.unsafeCharacter(scalar.value());
        if (unsafe.isPresent()) {
            reasons.add("field " + name(field) + " " + unsafe.get());
            return Optional.empty();
        }
        String text = scalar.value().strip();
        if (text.isEmpty()) {
            reasons.add("field " + name(field) + " is empty");
            return Optional.empty();
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            reasons.add("field " + name(field) + " is longer than " + MAX_TEXT_LENGTH + " characters");
            return Optional.empty();
        }
        return Optional.of(text);
    }

    /** A whole number in {@code [min, max]}; anything else (a fraction, text, out of range) adds {@code rule}. */
    Optional<Integer> requiredWholeNumber(String field, int min, int max, String rule) {
        Optional<FeedNode> node = value(field);
        if (node.isEmpty()) {
            reasons.add("missing field '" + name(field) + "'");
            return Optional.empty();
        }
        OptionalLong number = node.get() instanceof FeedNode.Scalar scalar ? scalar.wholeNumber() : OptionalLong.empty();
        if (number.isEmpty() || number.getAsLong() < min || number.getAsLong() > max) {
            reasons.add(rule);
            return Optional.empty();
        }
        return Optional.of((int) number.getAsLong());
    }

    Optional<FeedFieldReader> requiredMapping(String field) {
        if (!has(field)) {
            reasons.add("missing field '" + name(field) + "'");
            return Optional.empty();
        }
        return optionalMapping(field);
    }

    Optional<FeedFieldReader> optionalMapping(String field) {
        Optional<FeedNode> node = value(field);
        if (node.isEmpty()) {
            return Optional.empty();
        }
        if (!(node.get() instanceof FeedNode.Mapping nested)) {
            reasons.add("field " + name(field) + " must be a mapping, not " + node.get().describe());
            return Optional.empty();
        }
        return Optional.of(new FeedFieldReader(nested, name(field) + ".", reasons));
    }

    Optional<FeedNode.Sequence> optionalSequence(String field) {
        Optional<FeedNode> node = value(field);
        if (node.isEmpty()) {
            return Optional.empty();
        }
        if (!(node.get() instanceof FeedNode.Sequence sequence)) {
            reasons.add("field " + name(field) + " must be a list, not " + node.get().describe());
            return Optional.empty();
        }
        return Optional.of(sequence);
    }

    /** The field's full name for a reason, e.g. "onlineAdministrator.email". */
    String name(String field) {
        return path + field;
    }

    private Optional<FeedNode> value(String field) {
        FeedNode node = mapping.fields().get(field);
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node);
    }
}
