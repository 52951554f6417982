package io.activationworker.outbox;

import java.util.Optional;

/** Who a message goes to: an address and, when known, a display name. */
public record Recipient(String email, Optional<String> name) {
    public static Recipient of(String email, String name) {
        return new Recipient(email, Optional.ofNullable(name).filter(n -> !n.isBlank()));
    }
}
