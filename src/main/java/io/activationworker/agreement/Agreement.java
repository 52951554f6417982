package io.activationworker.agreement;

import java.util.Optional;

/** A stored agreement: who bought, through which partner, and who administers it online. */
public record Agreement(
        String number,
        String partnerId,
        String partnerName,
        String tenantId,
        String customerName,
        String adminName,
        String adminEmail,
        String noticesContact,
        String locale,
        String fingerprint) {

    public Optional<String> administratorEmail() {
        return Optional.ofNullable(adminEmail);
    }
}
