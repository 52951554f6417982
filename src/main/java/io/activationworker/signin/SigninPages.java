package io.activationworker.signin;

import io.activationworker.key.Tokens;
import io.activationworker.web.Csrf;
import io.activationworker.web.HttpError;
import io.activationworker.web.PageRenderer;
import io.activationworker.web.Route;
import io.activationworker.web.WebRequest;
import io.activationworker.web.WebResponse;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /signin}: ask for an email address, mail a one-time link, and start a session when the
 * link's button is pressed. The answer is the same page whether or not the address belongs to an
 * administrator. It is given only after the request is stored: the sign-in link and its outbox
 * row are committed in the request's own transaction, so "a link is on its way" is never said of a
 * link that is lost; during a database outage the request gets the 503 page instead.
 */
public final class SigninPages {

    private static final Logger log = LoggerFactory.getLogger(SigninPages.class);
    private static final int MAX_EMAIL = 254;

    private final Jdbi jdbi;
    private final RequestSignin requestSignin;
    private final Sessions sessions;
    private final PageRenderer pages;
    private final Csrf csrf;
    private final Clock clock;

    public SigninPages(Jdbi jdbi, RequestSignin requestSignin, Sessions sessions,
                       PageRenderer pages, Csrf csrf, Clock clock) {
        this.jdbi = jdbi;
        this.requestSignin = requestSignin;
        this.sessions = sessions;
        this.pages = pages;
        this.csrf = csrf;
        this.clock = clock;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/signin", this::form),
                Route.post("/signin", this::request),
                Route.get("/signin/([^/]*)", this::showLink),
                Route.post("/signin/([^/]*)", this::useLink),
                Route.post("/signout", this::signOut));
    }

    private WebResponse form(WebRequest request, Matcher path) {
        return WebResponse.html(200, pages.render("signin", request.preferredLocale(),
                Map.of("csrf", csrf.token("signin"), "sent", false, "invalid", false)));
    }

    private WebResponse request(WebRequest request, Matcher path) {
        csrf.check(request, "signin");
        String email = request.form("email").orElse("").trim();
        if (email.isEmpty() || email.length() > MAX_EMAIL || !email.contains("@") || email.chars().anyMatch(c -> c < 0x20)) {
            return WebResponse.html(400, pages.render("signin", request.preferredLocale(),
                    Map.of("csrf", csrf.token("signin"), "sent", false, "invalid", true)));
        }
        requestSignin.request(email, request.remoteAddress());
        return WebResponse.html(200, pages.render("signin", request.preferredLocale(),
                Map.of("csrf", csrf.token("signin"), "sent", true, "invalid", false)));
    }

    private WebResponse showLink(WebRequest request, Matcher path) {
        byte[] hash = Tokens.hashOf(path.group(1)).orElseThrow(HttpError.NotFound::new);
        boolean usable = jdbi.withExtension(SigninLinkDao.class, dao -> dao.usable(hash, clock.instant()));
        return WebResponse.html(usable ? 200 : 410, pages.render("signin_link", request.preferredLocale(),
                Map.of("usable", usable, "csrf", csrf.token(scope(hash)))));
    }

    private WebResponse useLink(WebRequest request, Matcher path) {
        byte[] hash = Tokens.hashOf(path.group(1)).orElseThrow(HttpError.NotFound::new);
        csrf.check(request, scope(hash));
        Optional<String> email = jdbi.withExtension(SigninLinkDao.class, dao -> dao.use(hash, clock.instant()));
        if (email.isEmpty()) {
            return WebResponse.html(410, pages.render("signin_link", request.preferredLocale(),
                    Map.of("usable", false, "csrf", "")));
        }
        log.info("event=signed_in method=link");
        return WebResponse.seeOther("/products").cookie(sessions.start(email.get(), null));
    }

    private WebResponse signOut(WebRequest request, Matcher path) {
        Optional<WebSession> session = sessions.current(request);
        if (session.isPresent()) {
            csrf.check(request, "session:" + HexFormat.of().formatHex(session.get().idHash()));
        }
        return WebResponse.seeOther("/").cookie(sessions.end(request));
    }

    private static String scope(byte[] hash) {
        return "signin-link:" + HexFormat.of().formatHex(hash);
    }
}
