package io.activationworker.key;

/**
 * Input that is not a product key; the message says which rule it broke, in English (feed
 * reports). {@link #rule()} and {@link #detail()} let a page say the same in its own language.
 */
public final class InvalidProductKeyException extends RuntimeException {

    /** The rule a typed key broke. */
    public enum Rule { EMPTY, TOO_SHORT, TOO_LONG, LETTER_O, LETTER_I, NOT_PRINTABLE, CHARACTER }

    private final Rule rule;
    private final String detail;

    public InvalidProductKeyException(String reason) {
        this(reason, Rule.CHARACTER, "");
    }

    /** {@code detail}: the character count for {@link Rule#TOO_SHORT}, the character for {@link Rule#CHARACTER}. */
    public InvalidProductKeyException(String reason, Rule rule, String detail) {
        super(reason);
        this.rule = rule;
        this.detail = detail;
    }

    public Rule rule() {
        return rule;
    }

    public String detail() {
        return detail;
    }
}
