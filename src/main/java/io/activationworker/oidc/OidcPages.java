package io.activationworker.oidc;

import io.activationworker.web.PageRenderer;
import io.activationworker.web.Route;
import io.activationworker.web.WebRequest;
import io.activationworker.web.WebResponse;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /signin/oidc?next=PATH} sends the browser to the provider; {@code GET
 * /signin/oidc/callback} finishes the sign-in and returns to {@code next} (a path of this site
 * only), or shows why it was refused, with no session.
 */
final class OidcPages {

    /** A path of this site: no scheme, no host, no "//" that a browser would read as another host. */
    private static final Pattern LOCAL_PATH = Pattern.compile("/(?![/\\\\])[A-Za-z0-9/_.~%-]{0,300}");

    private final OidcSignin signin;
    private final WorkAccounts accounts;
    private final PageRenderer pages;
    private final Function<String, String> landing;

    /** {@code landing}: where an administrator goes after signing in without a page to return to. */
    OidcPages(OidcSignin signin, WorkAccounts accounts, PageRenderer pages, Function<String, String> landing) {
        this.signin = signin;
        this.accounts = accounts;
        this.pages = pages;
        this.landing = landing;
    }

    List<Route> routes() {
        return List.of(
                Route.get("/signin/oidc", this::start),
                Route.get("/signin/oidc/callback", this::callback));
    }

    private WebResponse start(WebRequest request, Matcher path) {
        String next = request.query("next").filter(n -> LOCAL_PATH.matcher(n).matches()).orElse("");
        try {
            return WebResponse.seeOther(signin.start(next).toString());
        } catch (OidcRefusal e) {
            return refused(request, e);
        }
    }

    private WebResponse callback(WebRequest request, Matcher path) {
        try {
            OidcSignin.Account account = signin.finish(request.query("state"), request.query("code"),
                    request.query("error"));
            String next = account.next().isEmpty() ? landing.apply(account.email()) : account.next();
            return WebResponse.seeOther(next).cookie(accounts.startSession(account));
        } catch (OidcRefusal e) {
            return refused(request, e);
        }
    }

    private WebResponse refused(WebRequest request, OidcRefusal e) {
        return WebResponse.html(e.status(), pages.render("signin_refused", request.preferredLocale(),
                Map.of("reason", e.reason())));
    }
}
