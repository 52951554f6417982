package io.activationworker.agreement;

import java.util.Optional;
import org.jdbi.v3.core.mapper.reflect.JdbiConstructor;

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
        String fingerprint,
        // issue 16: the partner's contact address, named where an administrator is told to ask the partner
        String partnerContact) {

    @JdbiConstructor
    public Agreement {
    }

    /** An agreement whose partner's contact is not known here (it is named only where it is). */
    public Agreement(String number, String partnerId, String partnerName, String tenantId, String customerName,
                     String adminName, String adminEmail, String noticesContact, String locale, String fingerprint) {
        this(number, partnerId, partnerName, tenantId, customerName, adminName, adminEmail, noticesContact, locale,
                fingerprint, null);
    }

    public Optional<String> administratorEmail() {
        return Optional.ofNullable(adminEmail);
    }
}
