package io.activationworker.oidc;

import io.activationworker.config.AppConfig;
import io.activationworker.key.TokenSealer;
import io.activationworker.key.Tokens;
import io.activationworker.signin.Sessions;
import io.activationworker.web.PageRenderer;
import io.activationworker.web.Route;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;

/**
 * Wires sign-in with a work or school account (issue 15) from the configuration, when
 * {@code oidc.issuer} is set: the accounts that other pages ask who is signed in, and the routes of
 * {@code /signin/oidc} and its callback.
 */
public final class OidcFeature {

    private final OidcSignin signin;
    private final WorkAccounts accounts;

    private OidcFeature(OidcSignin signin, WorkAccounts accounts) {
        this.signin = signin;
        this.accounts = accounts;
    }

    /** The feature, or empty when {@code oidc.issuer} is not set. */
    public static Optional<OidcFeature> of(AppConfig config, Jdbi jdbi, Tokens tokens, TokenSealer sealer,
                                           Sessions sessions, Clock clock) {
        return config.oidc().map(o -> new OidcFeature(
                new OidcSignin(jdbi, new OidcProvider(o, config.publicBaseUrl()), o, tokens, sealer, clock),
                new WorkAccounts(jdbi, sessions, clock, o.displayName())));
    }

    public WorkAccounts workAccounts() {
        return accounts;
    }

    /** The button's label ("Sign in with …"); empty means the page's own words for a work or school account. */
    public String displayName() {
        return accounts.displayName();
    }

    /**
     * {@code /signin/oidc} and {@code /signin/oidc/callback}; {@code landing}: where an administrator
     * goes after signing in without a page to return to. Routed before {@code /signin/{token}}.
     */
    public List<Route> routes(PageRenderer pages, Function<String, String> landing) {
        return new OidcPages(signin, accounts, pages, landing).routes();
    }
}
