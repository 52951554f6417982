package io.activationworker.partner;

import io.activationworker.key.TokenSealer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.NoSuchElementException;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each partner's webhook signing secret, {@code whsec_} + base64 of 32 random bytes (Standard
 * Webhooks), made on first use and kept sealed with {@code key.secret}. After a rotation the
 * previous secret signs as well for {@link #ROTATION_OVERLAP}, so a receiver can switch over.
 */
public final class WebhookSecrets {

    private static final Logger log = LoggerFactory.getLogger(WebhookSecrets.class);
    static final Duration ROTATION_OVERLAP = Duration.ofHours(24);
    private static final String PREFIX = "whsec_";

    private final Jdbi jdbi;
    private final TokenSealer sealer;
    private final SecureRandom random;
    private final Clock clock;

    public WebhookSecrets(Jdbi jdbi, TokenSealer sealer, SecureRandom random, Clock clock) {
        this.jdbi = jdbi;
        this.sealer = sealer;
        this.random = random;
        this.clock = clock;
    }

    /** The partner's current secret, made now if it has none. */
    public String current(String partnerId) {
        Partner partner = find(partnerId);
        if (partner.webhookSecret() == null) {
            jdbi.useExtension(PartnerDao.class, dao -> dao.setSecretIfMissing(partnerId, sealer.seal(newSecret())));
            partner = find(partnerId);
        }
        return sealer.open(partner.webhookSecret());
    }

    /** Replaces the secret; returns the new one. The old one keeps signing for a day. */
    public String rotate(String partnerId) {
        current(partnerId);
        String secret = newSecret();
        jdbi.useExtension(PartnerDao.class, dao ->
                dao.rotateSecret(partnerId, sealer.seal(secret), clock.instant().plus(ROTATION_OVERLAP)));
        log.info("event=webhook_secret_rotated partner={} previous_valid_h={}", partnerId, ROTATION_OVERLAP.toHours());
        return secret;
    }

    /** The secrets that sign an event for this partner now: the current one, and the previous during a rotation. */
    List<String> signing(Partner partner) {
        List<String> secrets = new ArrayList<>(2);
        secrets.add(partner.webhookSecret() == null ? current(partner.id()) : sealer.open(partner.webhookSecret()));
        if (partner.webhookPreviousSecret() != null && partner.webhookPreviousUntil() != null
                && clock.instant().isBefore(partner.webhookPreviousUntil())) {
            secrets.add(sealer.open(partner.webhookPreviousSecret()));
        }
        return secrets;
    }

    private Partner find(String partnerId) {
        return jdbi.withExtension(PartnerDao.class, dao -> dao.findById(partnerId))
                .orElseThrow(() -> new NoSuchElementException("no partner " + partnerId
                        + " (a partner exists once its feed was imported or it was given a token)"));
    }

    private String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return PREFIX + Base64.getEncoder().encodeToString(bytes);
    }
}
