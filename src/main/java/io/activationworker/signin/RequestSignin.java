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
     * Counts the request against its client's limit and, when the client may go ahead, queues a
     * sign-in link if the address is an online administrator: empty when the request went ahead,
     * else when the next one may. One transaction, whose commit both a known and an unknown address
     * wait for; the token is made and sealed either way, so the time of the answer does not tell
     * them apart. Limited per client only, never per address asked for, so nobody can use up
     * someone else's sign-ins.
     */
    public Optional<Instant> request(String clientAddress, String email) {
        String address = email.trim().toLowerCase(Locale.ROOT);
        Instant now = clock.instant();
        String token = tokens.newToken();
        String sealedLink = sealer.seal(baseUrl + "/signin/" + token);
        Admission admission = jdbi.inTransaction(h -> {
            Optional<Instant> blocked = limiter.blockedUntil(h, "ip:" + clientAddress);
            if (blocked.isPresent()) {
                return new Admission(blocked, false);
            }
            limiter.record(h, "ip:" + clientAddress);
            List<Agreement> agreements = h.attach(AgreementDao.class).findByAdminEmail(address);
            if (agreements.isEmpty()) {
                return new Admission(Optional.empty(), false);
            }
            h.attach(SigninLinkDao.class).insert(Tokens.hashOf(token).orElseThrow(), address, now, now.plus(LINK_TTL));
            Map<String, Object> model = new LinkedHashMap<>();
            model.put(OutboxRenderer.SEALED_PREFIX + "link", sealedLink);
            model.put("expiresMinutes", LINK_TTL.toMinutes());
            model.put("requestedAt", now.toString());
            Agreement first = agreements.get(0);
            outbox.enqueue(h, MessageKind.SIGNIN_LINK, Recipient.of(first.adminEmail(), first.adminName()),
                    first.locale(), model, null);
            return new Admission(Optional.empty(), true);
        });
        if (admission.blockedUntil().isPresent()) {
            return admission.blockedUntil();
        }
        log.info("event=signin_requested outcome={}", admission.queued() ? "link_queued" : "nothing_sent");
        if (admission.queued()) {
            outbox.nudge();
        }
        return Optional.empty();
    }

    private record Admission(Optional<Instant> blockedUntil, boolean queued) {
    }
}
