package io.activationworker.signin;

import io.activationworker.config.AppConfig;
import io.activationworker.key.TokenSealer;
import io.activationworker.key.Tokens;
import io.activationworker.outbox.Outbox;
import io.activationworker.ratelimit.AttemptLimiter;
import io.activationworker.web.PageTools;
import io.activationworker.web.Route;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;

/**
 * Wires sign-in from the configuration: the sessions every signed-in page checks, where a
 * sign-in lands, and the routes of {@code /}, {@code /signin} and {@code /signout}.
 */
public final class SigninFeature {

    /** Sign-in links asked for per client address: 5 per 15 minutes. */
    private static final int SIGNIN_REQUESTS = 5;
    private static final Duration SIGNIN_WINDOW = Duration.ofMinutes(15);

    private final Jdbi jdbi;
    private final Clock clock;
    private final PageTools tools;
    private final Sessions sessions;
    private final Landing landing;
    private final RequestSignin requestSignin;

    public SigninFeature(AppConfig config, Jdbi jdbi, Tokens tokens, TokenSealer sealer, Outbox outbox, Clock clock,
                         PageTools tools) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.tools = tools;
        this.sessions = new Sessions(jdbi, tokens, clock, config.sessionIdle(), config.sessionLifetime(),
                config.secureCookies());
        this.landing = new Landing(jdbi, clock);
        this.requestSignin = new RequestSignin(jdbi, tokens, sealer, outbox,
                new AttemptLimiter("signin", SIGNIN_REQUESTS, SIGNIN_WINDOW, clock), clock, config.publicBaseUrl());
    }

    public Sessions sessions() {
        return sessions;
    }

    /** Where an administrator lands after signing in (the path for their address). */
    public Function<String, String> landing() {
        return landing::pathFor;
    }

    /** {@code /}: the home page. */
    public List<Route> homeRoutes() {
        return new HomePage(tools.pages(), sessions).routes();
    }

    /** {@code /signin}, {@code /signin/{token}}, {@code /signout}; {@code workAccountLabel} when OpenID Connect is on. */
    public List<Route> routes(Optional<String> workAccountLabel) {
        return new SigninPages(requestSignin, new UseSigninLink(jdbi, sessions, landing, clock), sessions, tools.pages(),
                tools.csrf(), tools.preSession(), workAccountLabel).routes();
    }
}
