package io.activationworker.signin;

import io.activationworker.key.Tokens;
import io.activationworker.web.Csrf;
import io.activationworker.web.HttpError;
import io.activationworker.web.PageRenderer;
import io.activationworker.web.Route;
import io.activationworker.web.WebRequest;
import io.activationworker.web.WebResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.regex.Matcher;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /signin}: ask for an email address, mail a one-time link, and start a session when the
 * link's button is pressed. The request is handed to a background thread so the answer is the
 * same, in content and in time, whether or not the address belongs to an administrator.
 */
public final class SigninPages {

    private static final Logger log = LoggerFactory.getLogger(SigninPages.class);
    private static final int MAX_EMAIL = 254;
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private final Jdbi jdbi;
    private final RequestSignin requestSignin;
    private final ExecutorService background;
    private final Sessions sessions;
    private final PageRenderer pages;
    private final Csrf csrf;
    private final Clock clock;

    public SigninPages(Jdbi jdbi, RequestSignin requestSignin, ExecutorService background, Sessions sessions,
                       PageRenderer pages, Csrf csrf, Clock clock) {
        this.jdbi = jdbi;
        this.requestSignin = requestSignin;
        this.background = background;
        this.sessions = sessions;
        this.pages = pages;
        this.csrf = csrf;
        this.clock = clock;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/signin", this::form),
                Route.post("/signin", this::request),
                Route.get("/signin/(?<token>[^/]*)", this::showLink),
                Route.post("/signin/(?<token>[^/]*)", this::useLink),
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
        // issue 12: limited per client, and an honest answer when it is
        Optional<Instant> blocked = requestSignin.admit(request.clientAddress());
        if (blocked.isPresent()) {
            return WebResponse.html(429, pages.render("signin", request.preferredLocale(),
                    Map.of("csrf", csrf.token("signin"), "sent", false, "invalid", false,
                            "limitedUntil", HH_MM.format(blocked.get()))));
        }
        background.execute(() -> {
            try {
                requestSignin.request(email);
            } catch (RuntimeException e) {
                log.warn("event=signin_request_failed reason=\"{}\"", e.getMessage());
            }
        });
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
