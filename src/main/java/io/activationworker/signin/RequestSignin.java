package io.activationworker.signin;

import io.activationworker.agreement.Agreement;
import io.activationworker.agreement.AgreementDao;
import io.activationworker.key.TokenSealer;
import io.activationworker.key.Tokens;
import io.activationworker.mail.MessageKind;
import io.activationworker.outbox.Outbox;
import io.activationworker.outbox.OutboxRenderer;
import io.activationworker.outbox.Recipient;
import io.activationworker.ratelimit.AttemptLimiter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mails a one-time sign-in link when the address is the online administrator of at least one
 * agreement. Whoever asks learns nothing: the page is the same either way, and an unknown
 * address is handled with the same queries, only without the two inserts. Runs on the request's
 * thread, in one transaction with the sign-in link and its outbox row, so the answer "a link is on
 * its way" is given only once both are stored (a background queue lost them in an outage).
 */
final class RequestSignin {

    private static final Logger log = LoggerFactory.getLogger(RequestSignin.class);
    public static final Duration LINK_TTL = Duration.ofMinutes(15);

    private final Jdbi jdbi;
    private final Tokens tokens;
    private final TokenSealer sealer;
    private final Outbox outbox;
    private final AttemptLimiter limiter;
    private final Clock clock;
    private final String baseUrl;

    public RequestSignin(Jdbi jdbi, Tokens tokens, TokenSealer sealer, Outbox outbox, AttemptLimiter limiter,
                         Clock clock, String baseUrl) {
        this.jdbi = jdbi;
        this.tokens = tokens;
        this.sealer = sealer;
        this.outbox = outbox;
        this.limiter = limiter;
        this.clock = clock;
        this.baseUrl = baseUrl;
    }

    /**
     * Counts a sign-in request against its client's limit, in the request itself: empty when it
     * may go ahead, else when the next one may. Keyed by the client only, never by the address
     * asked for, so nobody can use up someone else's sign-ins; and the answer does not depend on
     * the address, so it reveals nothing about it.
     */
    public Optional<Instant> admit(String clientAddress) {
        return jdbi.inTransaction(h -> {
            Optional<Instant> blocked = limiter.blockedUntil(h, "ip:" + clientAddress);
            if (blocked.isEmpty()) {
                limiter.record(h, "ip:" + clientAddress);
            }
            return blocked;
        });
    }

    /** Queues a sign-in link when the address is an online administrator (after {@link #admit}). */
    public void request(String email) {
        String address = email.trim().toLowerCase(Locale.ROOT);
        boolean sent = jdbi.inTransaction(h -> {
            List<Agreement> agreements = h.attach(AgreementDao.class).findByAdminEmail(address);
            if (agreements.isEmpty()) {
                return false;
            }
            Instant now = clock.instant();
            String token = tokens.newToken();
            h.attach(SigninLinkDao.class).insert(Tokens.hashOf(token).orElseThrow(), address, now, now.plus(LINK_TTL));
            Map<String, Object> model = new LinkedHashMap<>();
            model.put(OutboxRenderer.SEALED_PREFIX + "link", sealer.seal(baseUrl + "/signin/" + token));
            model.put("expiresMinutes", LINK_TTL.toMinutes());
            model.put("requestedAt", now.toString());
            Agreement first = agreements.get(0);
            outbox.enqueue(h, MessageKind.SIGNIN_LINK, Recipient.of(first.adminEmail(), first.adminName()),
                    first.locale(), model, null);
            return true;
        });
        log.info("event=signin_requested outcome={}", sent ? "link_queued" : "nothing_sent");
        if (sent) {
            outbox.nudge();
        }
    }
}
