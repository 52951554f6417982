package io.activationworker.signin;

import io.activationworker.key.Tokens;
import io.activationworker.web.Csrf;
import io.activationworker.web.HttpError;
import io.activationworker.web.PageRenderer;
import io.activationworker.web.PreSession;
import io.activationworker.web.Route;
import io.activationworker.web.WebRequest;
import io.activationworker.web.WebResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /signin}: ask for an email address, mail a one-time link, and start a session when the
 * link's button is pressed. The answer is the same page whether or not the address belongs to an
 * administrator. It is given only after the request is stored: the sign-in link and its outbox
 * row are committed in the request's own transaction, so "a link is on its way" is never said of a
 * link that is lost; during a database outage the request gets the 503 page instead.
 *
 * <p>The form tokens of both forms are bound to the browser's pre-session cookie, which the form
 * pages set: a token is worth nothing in another browser. A post whose pre-session has expired
 * (the page stood open for more than an hour) gets the form again, with a fresh token, instead of
 * an error. {@code /signout} ends the session on the server; {@code /signout/everywhere} ends
 * every session of the administrator.
 */
final class SigninPages {

    private static final Logger log = LoggerFactory.getLogger(SigninPages.class);
    private static final int MAX_EMAIL = 254;
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final String SIGNIN = "signin";

    private final RequestSignin requestSignin;
    private final UseSigninLink useSigninLink;
    private final Sessions sessions;
    private final PageRenderer pages;
    private final Csrf csrf;
    private final PreSession preSession;
    /** issue 15: the work-account button's label when OpenID Connect is configured. */
    private final Optional<String> workAccountLabel;

    SigninPages(RequestSignin requestSignin, UseSigninLink useSigninLink, Sessions sessions, PageRenderer pages,
                Csrf csrf, PreSession preSession, Optional<String> workAccountLabel) {
        this.requestSignin = requestSignin;
        this.useSigninLink = useSigninLink;
        this.sessions = sessions;
        this.pages = pages;
        this.csrf = csrf;
        this.preSession = preSession;
        this.workAccountLabel = workAccountLabel;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/signin", this::form),
                Route.post("/signin", this::request),
                Route.get("/signin/(?<token>[^/]*)", this::showLink),
                Route.post("/signin/(?<token>[^/]*)", this::useLink),
                Route.post("/signout", this::signOut),
                // issue 12
                Route.post("/signout/everywhere", this::signOutEverywhere));
    }

    private WebResponse form(WebRequest request, Matcher path) {
        return signinPage(request, preSession.ofOrNew(request), 200, false, false, false);
    }

    private WebResponse request(WebRequest request, Matcher path) {
        Optional<String> client = preSession.of(request);
        if (client.isEmpty()) {
            csrf.checkOrigin(request);
            return signinPage(request, preSession.ofOrNew(request), 400, false, false, true);
        }
        csrf.check(request, PreSession.scope(SIGNIN, client.get()));
        String email = request.form("email").orElse("").trim();
        if (email.isEmpty() || email.length() > MAX_EMAIL || !email.contains("@") || email.chars().anyMatch(c -> c < 0x20)) {
            return signinPage(request, client.get(), 400, false, true, false);
        }
        // issue 12 (web edge): limited per client, and an honest answer when it is
        // issue 13: stored before the answer says so (no background queue)
        Optional<Instant> blocked = requestSignin.request(request.clientAddress(), email);
        if (blocked.isPresent()) {
            return signinPage(request, client.get(), 429, false, false, false, Optional.of(HH_MM.format(blocked.get())));
        }
        return signinPage(request, client.get(), 200, true, false, false);
    }

    /**
     * The sign-in form. A GET (re)starts the browser's pre-session; the answer to a post that came
     * with one sets no cookie, so the answers to a known and an unknown address differ only in the
     * form token, which is each browser's own.
     */
    private WebResponse signinPage(WebRequest request, String client, int status, boolean sent, boolean invalid,
                                   boolean expired) {
        return signinPage(request, client, status, sent, invalid, expired, Optional.empty());
    }

    private WebResponse signinPage(WebRequest request, String client, int status, boolean sent, boolean invalid,
                                   boolean expired, Optional<String> limitedUntil) {
        Map<String, Object> model = new HashMap<>();
        limitedUntil.ifPresent(until -> model.put("limitedUntil", until));
        model.put("csrf", csrf.token(PreSession.scope(SIGNIN, client)));
        model.put("sent", sent);
        model.put("invalid", invalid);
        model.put("expired", expired);
        workAccountLabel.ifPresent(label -> model.put("workAccount", label));
        WebResponse page = WebResponse.html(status, pages.render("signin", request.preferredLocale(), model));
        return request.method().equals("GET") || preSession.of(request).isEmpty()
                ? page.cookie(preSession.cookie(client)) : page;
    }

    private WebResponse showLink(WebRequest request, Matcher path) {
        byte[] hash = Tokens.hashOf(path.group(1)).orElseThrow(HttpError.NotFound::new);
        return linkPage(request, hash, false);
    }

    private WebResponse linkPage(WebRequest request, byte[] hash, boolean expired) {
        if (!useSigninLink.usable(hash)) {
            return goneLinkPage(request);
        }
        String client = preSession.ofOrNew(request);
        return WebResponse.html(200, pages.render("signin_link", request.preferredLocale(),
                Map.of("usable", true, "expired", expired, "csrf", csrf.token(PreSession.scope(scope(hash), client)))))
                .cookie(preSession.cookie(client));
    }

    /** "Used or expired: ask for a new link" — no form, so no pre-session either. */
    private WebResponse goneLinkPage(WebRequest request) {
        return WebResponse.html(410, pages.render("signin_link", request.preferredLocale(),
                Map.of("usable", false, "expired", false, "csrf", "")));
    }

    private WebResponse useLink(WebRequest request, Matcher path) {
        byte[] hash = Tokens.hashOf(path.group(1)).orElseThrow(HttpError.NotFound::new);
        Optional<String> client = preSession.of(request);
        if (client.isEmpty()) {
            csrf.checkOrigin(request);
            return linkPage(request, hash, true);
        }
        csrf.check(request, PreSession.scope(scope(hash), client.get()));
        Optional<UseSigninLink.SignedIn> signedIn = useSigninLink.use(hash);
        if (signedIn.isEmpty()) {
            return goneLinkPage(request);
        }
        log.info("event=signed_in method=link");
        return WebResponse.seeOther(signedIn.get().landing()).cookie(sessions.cookie(signedIn.get().session()));
    }

    private WebResponse signOut(WebRequest request, Matcher path) {
        Optional<WebSession> session = sessions.current(request);
        if (session.isPresent()) {
            csrf.check(request, sessionScope(session.get()));
        }
        return WebResponse.seeOther("/").cookie(sessions.end(request));
    }

    private WebResponse signOutEverywhere(WebRequest request, Matcher path) {
        Optional<WebSession> session = sessions.current(request);
        if (session.isEmpty()) {
            return WebResponse.seeOther("/signin");
        }
        csrf.check(request, sessionScope(session.get()));
        return WebResponse.seeOther("/").cookie(sessions.endEverywhere(session.get()));
    }

    private static String sessionScope(WebSession session) {
        return "session:" + HexFormat.of().formatHex(session.idHash());
    }

    private static String scope(byte[] hash) {
        return "signin-link:" + HexFormat.of().formatHex(hash);
    }
}
