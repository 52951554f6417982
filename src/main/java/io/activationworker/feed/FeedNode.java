package io.activationworker.feed;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * A small parsed piece of a feed (one agreement, the partner, …) that remembers where it starts,
 * so every rejection can name its line. Built by {@link YamlTree} straight from parser events:
 * no YAML constructor ever runs, so no class is ever instantiated from the file.
 */
sealed interface FeedNode permits FeedNode.Scalar, FeedNode.Mapping, FeedNode.Sequence {

    /** 1-based. */
    int line();

    /** 1-based. */
    int column();

    /** How the node is named in "must be text, not …". */
    String describe();

    default boolean isNull() {
        return this instanceof Scalar scalar && scalar.kind() == Scalar.Kind.NULL;
    }

    /**
     * A scalar as written, typed once when it is read by the YAML 1.2 core schema (which also
     * covers JSON): only plain scalars are typed, anything quoted or in a block is text.
     */
    record Scalar(String value, Kind kind, int line, int column) implements FeedNode {

        enum Kind { NULL, BOOLEAN, INTEGER, FLOAT, TEXT }

        private static final Pattern NULL = Pattern.compile("|~|null|Null|NULL");
        private static final Pattern BOOLEAN = Pattern.compile("true|True|TRUE|false|False|FALSE");
        private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+");
        private static final Pattern FLOAT = Pattern.compile(
                "[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");
        private static final Pattern DECIMAL = Pattern.compile("[-+]?[0-9]{1,18}");
        /** Every non-text plain scalar starts with one of these; the rest skip the patterns. */
        private static final String TYPED_FIRST_CHARACTERS = "~nNtTfF+-.0123456789";

        static Scalar of(String value, boolean plain, int line, int column) {
            return new Scalar(value, plain ? kindOf(value) : Kind.TEXT, line, column);
        }

        private static Kind kindOf(String value) {
            if (value.isEmpty()) {
                return Kind.NULL;
            }
            if (TYPED_FIRST_CHARACTERS.indexOf(value.charAt(0)) < 0) {
                return Kind.TEXT;
            }
            if (NULL.matcher(value).matches()) {
                return Kind.NULL;
            }
            if (BOOLEAN.matcher(value).matches()) {
                return Kind.BOOLEAN;
            }
            if (INTEGER.matcher(value).matches()) {
                return Kind.INTEGER;
            }
            return FLOAT.matcher(value).matches() ? Kind.FLOAT : Kind.TEXT;
        }

        /** The value if it is a plain decimal integer that fits a long; anything else is empty. */
        OptionalLong wholeNumber() {
            return kind == Kind.INTEGER && DECIMAL.matcher(value).matches() ? OptionalLong.of(Long.parseLong(value))
                    : OptionalLong.empty();
        }

        @Override
        public String describe() {
            return switch (kind) {
                case NULL -> "empty";
                case BOOLEAN -> "true or false";
                case INTEGER, FLOAT -> "a number";
                case TEXT -> "text";
            };
        }
    }

    /** A mapping with text keys, in file order; duplicate keys never get this far. */
    record Mapping(Map<String, FeedNode> fields, int line, int column) implements FeedNode {

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    record Sequence(List<FeedNode> items, int line, int column) implements FeedNode {

        @Override
        public String describe() {
            return "a list";
        }
    }
}
