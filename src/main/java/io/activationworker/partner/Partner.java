package io.activationworker.partner;

import java.time.Instant;
import java.util.Optional;

/** A stored partner: what its feed declares, plus its webhook's state. Secrets stay sealed here. */
public record Partner(
        String id,
        String name,
        String contact,
        String webhookUrl,
        String locale,
        String webhookSecret,
        String webhookPreviousSecret,
        Instant webhookPreviousUntil,
        Instant webhookDisabledAt,
        String webhookDisabledReason) {

    public Optional<String> contactAddress() {
        return Optional.ofNullable(contact);
    }

    public Optional<String> webhook() {
        return Optional.ofNullable(webhookUrl);
    }
}
