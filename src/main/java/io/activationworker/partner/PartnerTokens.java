package io.activationworker.partner;

import io.activationworker.key.Tokens;
import java.time.Clock;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partner API's bearer tokens: 256 random bits, shown once, stored as SHA-256. A partner may
 * hold several (to replace one without a gap); {@code partner revoke} ends all of them.
 */
public final class PartnerTokens {

    private static final Logger log = LoggerFactory.getLogger(PartnerTokens.class);
    /** The feed's rule for partner ids. */
    public static final Pattern PARTNER_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final String PREFIX = "awp_";

    private final Jdbi jdbi;
    private final Tokens tokens;
    private final Clock clock;

    public PartnerTokens(Jdbi jdbi, Tokens tokens, Clock clock) {
        this.jdbi = jdbi;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** A new token for the partner (created when no feed declared it yet); the only time it is seen in clear. */
    public String issue(String partnerId) {
        requireId(partnerId);
        String token = tokens.newToken();
        jdbi.useTransaction(h -> {
            PartnerDao dao = h.attach(PartnerDao.class);
            dao.insertIfMissing(partnerId);
            dao.insertToken(partnerId, Tokens.hashOf(token).orElseThrow(), clock.instant());
        });
        log.info("event=partner_token_issued partner={}", partnerId);
        return PREFIX + token;
    }

    /** Ends every token of the partner; returns how many were still valid. */
    public int revoke(String partnerId) {
        int n = jdbi.withExtension(PartnerDao.class, dao -> dao.revokeTokens(partnerId, clock.instant()));
        log.info("event=partner_tokens_revoked partner={} count={}", partnerId, n);
        return n;
    }

    /** The partner a presented {@code Authorization} header's bearer token belongs to. */
    public Optional<String> partnerOf(Optional<String> authorization) {
        return authorization
                .filter(a -> a.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(a -> a.substring(7).trim())
                .filter(t -> t.startsWith(PREFIX))
                .flatMap(t -> Tokens.hashOf(t.substring(PREFIX.length())))
                .flatMap(hash -> jdbi.withExtension(PartnerDao.class, dao -> dao.partnerOfToken(hash)));
    }

    static void requireId(String partnerId) {
        if (partnerId == null || !PARTNER_ID.matcher(partnerId).matches()) {
            throw new IllegalArgumentException("partner id " + partnerId
                    + " must be 1 to 64 lower-case letters, digits or dashes, as in the feed's partner.id");
        }
    }
}
