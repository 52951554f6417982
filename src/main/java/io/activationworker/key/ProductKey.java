package io.activationworker.key;

import java.util.Optional;

/**
 * A product key in its canonical form: 25 characters from {@link #ALPHABET}, shown in five
 * groups of five. Parsing is forgiving about case, spaces and dashes, and strict about
 * everything else, so a user learns exactly which rule the input broke.
 */
public final class ProductKey {

    public static final String ALPHABET = "BCDFGHJKMPQRTVWXY2346789";
    public static final int LENGTH = 25;

    private final String canonical;

    private ProductKey(String canonical) {
        this.canonical = canonical;
    }

    /** Parses user or feed input; the exception message names the rule that was broken. */
    public static ProductKey parse(String input) {
        if (input == null || input.isBlank()) {
            throw new InvalidProductKeyException("the product key is empty", InvalidProductKeyException.Rule.EMPTY, "");
        }
        StringBuilder chars = new StringBuilder(LENGTH);
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c == ' ' || c == '-' || c == '\t') {
                continue;
            }
            char upper = Character.toUpperCase(c);
            if (ALPHABET.indexOf(upper) < 0) {
                throw badCharacter(c);
            }
            chars.append(upper);
            if (chars.length() > LENGTH) {
                break;
            }
        }
        if (chars.length() != LENGTH) {
            throw chars.length() > LENGTH
                    ? new InvalidProductKeyException("a product key has 25 characters; this one has more",
                            InvalidProductKeyException.Rule.TOO_LONG, "")
                    : new InvalidProductKeyException("a product key has 25 characters; this one has " + chars.length(),
                            InvalidProductKeyException.Rule.TOO_SHORT, Integer.toString(chars.length()));
        }
        return new ProductKey(chars.toString());
    }

    public static Optional<ProductKey> tryParse(String input) {
        try {
            return Optional.of(parse(input));
        } catch (InvalidProductKeyException e) {
            return Optional.empty();
        }
    }

    private static InvalidProductKeyException badCharacter(char c) {
        if (c == 'O' || c == 'o' || c == '0') {
            return new InvalidProductKeyException("product keys never contain the letter O or the digit 0",
                    InvalidProductKeyException.Rule.LETTER_O, "");
        }
        if (c == 'I' || c == 'i' || c == '1' || c == 'L' || c == 'l') {
            return new InvalidProductKeyException("product keys never contain the letters I or L or the digit 1",
                    InvalidProductKeyException.Rule.LETTER_I, "");
        }
        if (c < 0x20 || c == 0x7f || c > 0x7e) {
            return new InvalidProductKeyException("a product key contains only letters and digits",
                    InvalidProductKeyException.Rule.NOT_PRINTABLE, "");
        }
        return new InvalidProductKeyException("'" + c + "' is not used in product keys (allowed: " + ALPHABET + ")",
                InvalidProductKeyException.Rule.CHARACTER, Character.toString(c));
    }

    /** The 25 characters without dashes; only ever handed to {@link KeyHasher}. */
    public String canonical() {
        return canonical;
    }

    /** The last five characters: the only part that is ever stored, shown or logged in clear. */
    public String lastFive() {
        return canonical.substring(LENGTH - 5);
    }

    /** What a user sees to recognise the key: "…6789B". */
    public String masked() {
        return "…" + lastFive();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProductKey other && other.canonical.equals(canonical);
    }

    @Override
    public int hashCode() {
        return canonical.hashCode();
    }

    /** Never the full key: toString ends up in logs and exception messages. */
    @Override
    public String toString() {
        return masked();
    }
}
