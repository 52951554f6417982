package io.activationworker.key;

/** Input that is not a product key; the message says which rule it broke. */
public final class InvalidProductKeyException extends RuntimeException {
    public InvalidProductKeyException(String reason) {
        super(reason);
    }
}
