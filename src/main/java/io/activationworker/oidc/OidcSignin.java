package io.activationworker.oidc;

import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import io.activationworker.agreement.AgreementDao;
import io.activationworker.config.OidcSettings;
import io.activationworker.key.TokenSealer;
import io.activationworker.key.Tokens;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sign-in use case. {@link #start} keeps state (by hash), nonce and PKCE verifier in
 * PostgreSQL and returns the provider's URL; {@link #finish} uses that row once, has the code
 * redeemed and the ID token validated, and accepts the account only when its address (the
 * configured claim, {@code email_verified} not false) is an online administrator.
 */
final class OidcSignin {

    private static final Logger log = LoggerFactory.getLogger(OidcSignin.class);
    /** Time allowed at the provider's login page. */
    static final Duration LOGIN_TTL = Duration.ofMinutes(10);

    /** A signed-in account: the address it proved, the provider's subject, the page to return to. */
    record Account(String email, String subject, String next) {
    }

    private final Jdbi jdbi;
    private final OidcProvider provider;
    private final OidcSettings settings;
    private final Tokens tokens;
    private final TokenSealer sealer;
    private final Clock clock;

    OidcSignin(Jdbi jdbi, OidcProvider provider, OidcSettings settings, Tokens tokens, TokenSealer sealer,
                      Clock clock) {
        this.jdbi = jdbi;
        this.provider = provider;
        this.settings = settings;
        this.tokens = tokens;
        this.sealer = sealer;
        this.clock = clock;
    }

    /** Records a new sign-in and returns where to send the browser. {@code next} is a path of this site. */
    URI start(String next) {
        String state = tokens.newToken();
        String nonce = new Nonce().getValue();
        String verifier = new CodeVerifier().getValue();
        URI uri = provider.authorizationUri(state, nonce, verifier);
        Instant now = clock.instant();
        jdbi.useExtension(OidcLoginDao.class, dao -> dao.insert(Tokens.hashOf(state).orElseThrow(), nonce,
                sealer.seal(verifier), sealer.seal(next), now, now.plus(LOGIN_TTL)));
        return uri;
    }

    /** The provider sent the browser back: the account, or an {@link OidcRefusal}. */
    Account finish(Optional<String> state, Optional<String> code, Optional<String> error) {
        Optional<byte[]> stateHash = state.flatMap(Tokens::hashOf);
        Optional<OidcLoginDao.Pending> pending = stateHash.isEmpty() ? Optional.empty()
                : jdbi.withExtension(OidcLoginDao.class, dao -> dao.use(stateHash.get(), clock.instant()));
        if (pending.isEmpty()) {
            throw refused(new OidcRefusal("state", 400, "unknown, used or expired state"));
        }
        if (error.isPresent() || code.isEmpty()) {
            throw refused(new OidcRefusal("provider", 400, "provider answered " + error.orElse("without a code")));
        }
        IDTokenClaimsSet claims;
        try {
            claims = provider.redeem(code.get(), sealer.open(pending.get().verifierSealed()), pending.get().nonce());
        } catch (OidcRefusal e) {
            throw refused(e);
        }
        String email = stringClaim(claims, settings.emailClaim()).map(String::trim).filter(e -> e.contains("@"))
                .map(e -> e.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> refused(new OidcRefusal("noEmail", 403, "no address in claim " + settings.emailClaim())));
        if (Boolean.FALSE.equals(booleanClaim(claims, "email_verified"))) {
            throw refused(new OidcRefusal("unverified", 403, "email_verified is false"));
        }
        boolean administrator = !jdbi.withExtension(AgreementDao.class, dao -> dao.findByAdminEmail(email)).isEmpty();
        if (!administrator) {
            throw refused(new OidcRefusal("unknown", 403, "not an online administrator"));
        }
        log.info("event=signed_in method=oidc");
        return new Account(email, claims.getSubject().getValue(), sealer.open(pending.get().nextSealed()));
    }

    private static OidcRefusal refused(OidcRefusal refusal) {
        log.warn("event=oidc_signin_refused reason={} detail=\"{}\"", refusal.reason(), refusal.getMessage());
        return refusal;
    }

    private static Optional<String> stringClaim(IDTokenClaimsSet claims, String name) {
        try {
            return Optional.ofNullable(claims.getStringClaim(name));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Boolean booleanClaim(IDTokenClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s) {
            return !s.equalsIgnoreCase("false");
        }
        return null;
    }
}
