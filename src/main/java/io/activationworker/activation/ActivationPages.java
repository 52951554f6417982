package io.activationworker.activation;

import io.activationworker.agreement.Agreement;
import io.activationworker.key.Tokens;
import io.activationworker.oidc.WorkAccounts;
import io.activationworker.signin.Sessions;
import io.activationworker.web.Csrf;
import io.activationworker.web.HttpError;
import io.activationworker.web.PageRenderer;
import io.activationworker.web.PreSession;
import io.activationworker.web.Route;
import io.activationworker.web.WebRequest;
import io.activationworker.web.WebResponse;
import java.time.Clock;

import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * {@code /activate/{token}}: the page an emailed link opens. GET only reads (mail scanners open
 * links before people do); POST with the form token and the accept box activates, once.
 *
 * <p>A used link signs nobody in who could merely replay its form: only the browser that used it
 * (recognised by its pre-session cookie, which the form page sets) gets a session from a second
 * press, within minutes; a browser already signed in as the administrator goes to Your products;
 * anyone else gets the "already activated" page and no cookie.
 */
final class ActivationPages {

    private final ShowActivationLink showLink;
    private final ActivateKeys activateKeys;
    private final RenewExpiredLink renewal;
    private final TermsText terms;
    private final PageRenderer pages;
    private final Csrf csrf;
    private final Sessions sessions;
    private final PreSession preSession;
    private final Clock clock;
    /** The terms as escaped HTML per locale: 1–2 KB escaped once rather than on every page view. */
    private final Map<String, Object> termsHtml;
    /** issue 15: with OpenID Connect configured, only the designated administrator's work account accepts. */
    private final Optional<WorkAccounts> workAccounts;

    ActivationPages(ShowActivationLink showLink, ActivateKeys activateKeys, RenewExpiredLink renewal,
                    TermsText terms, PageRenderer pages, Csrf csrf, Sessions sessions, PreSession preSession,
                    Clock clock, Optional<WorkAccounts> workAccounts) {
        this.workAccounts = workAccounts;
        this.showLink = showLink;
        this.activateKeys = activateKeys;
        this.renewal = renewal;
        this.terms = terms;
        this.pages = pages;
        this.csrf = csrf;
        this.sessions = sessions;
        this.preSession = preSession;
        this.clock = clock;
        this.termsHtml = Map.of("en", pages.paragraphsEscapedOnce(terms.forLocale("en").paragraphs()),
                "nl", pages.paragraphsEscapedOnce(terms.forLocale("nl").paragraphs()));
    }

    List<Route> routes() {
        return List.of(
                Route.get("/activate/(?<token>[^/]*)", this::show),
                Route.post("/activate/(?<token>[^/]*)", this::post));
    }

    private WebResponse show(WebRequest request, Matcher path) {
        return show(find(path.group(1)), request, path.group(1));
    }

    private WebResponse show(Found found, WebRequest request, String token) {
        return switch (found.link.status(clock.instant())) {
            case OPEN -> form(found, false, request, token);
            case USED -> usedPage(found, 200);
            case REVOKED -> gonePage(found, "revoked");
            case EXPIRED -> gonePage(found, "expired");
        };
    }

    /**
     * One URL for both forms of the page: accept, or (expired link) ask for a new one. A ticked
     * accept goes straight to the activation, which finds the link itself: the busiest POST reads
     * nothing first. The other answers read the page's facts.
     */
    private WebResponse post(WebRequest request, Matcher path) {
        byte[] hash = Tokens.hashOf(path.group(1)).orElseThrow(HttpError.NotFound::new);
        try {
            csrf.check(request, scope(hash));
        } catch (HttpError.Forbidden e) {
            find(hash); // a link that does not exist is 404, form token or not
            throw e;
        }
        String token = path.group(1);
        if (request.form("do").map("renew"::equals).orElse(false)) {
            return renew(request, find(hash), token);
        }
        if (!request.form("accept").map("yes"::equals).orElse(false)) {
            // Without the box ticked nothing is accepted and nobody is signed in, whatever the link's state.
            Found found = find(hash);
            if (found.link.status(clock.instant()) == ActivationLink.Status.OPEN) {
                return form(found, true, request, token);
            }
            return show(found, request, token);
        }
        if (workAccounts.isPresent()) {
            Found found = find(hash);
            if (found.link.status(clock.instant()) == ActivationLink.Status.OPEN) {
                Optional<String> account = workAccounts.get().signedIn(request);
                if (account.isEmpty()) {
                    return WebResponse.seeOther(workAccountSignin(token));
                }
                if (!account.get().equalsIgnoreCase(found.link.recipientEmail())) {
                    return wrongAccount(request, found, account.get());
                }
            }
        }
        return accept(request, hash);
    }

    private WebResponse accept(WebRequest request, byte[] hash) {
        AcceptOutcome outcome = activateKeys.accept(hash, preSession.hash(request), request.clientAddress(),
                request.userAgent()).orElseThrow(HttpError.NotFound::new);
        if (outcome instanceof AcceptOutcome.Activated a) {
            return WebResponse.seeOther("/products").cookie(sessions.cookie(a.session()));
        }
        if (outcome instanceof AcceptOutcome.AlreadyUsed u) {
            if (sessions.current(request).filter(s -> s.adminEmail().equalsIgnoreCase(u.adminEmail())).isPresent()) {
                return WebResponse.seeOther("/products");
            }
            Optional<Sessions.NewSession> resumed = activateKeys.secondPress(u);
            if (resumed.isPresent()) {
                // The double click of the browser that accepted: its first answer, with the cookie, was dropped.
                return WebResponse.seeOther("/products").cookie(sessions.cookie(resumed.get()));
            }
        }
        Found found = find(hash);
        if (outcome instanceof AcceptOutcome.AlreadyUsed) {
            return usedPage(found, 200);
        }
        return gonePage(found, outcome instanceof AcceptOutcome.Revoked ? "revoked" : "expired");
    }

    private WebResponse renew(WebRequest request, Found found, String token) {
        if (found.link.status(clock.instant()) != ActivationLink.Status.EXPIRED) {
            return show(found, request, token);
        }
        boolean sent = renewal.renew(found.link, request.clientAddress());
        Map<String, Object> model = agreementModel(found);
        model.put("sent", sent);
        model.put("recipient", maskEmail(found.link.recipientEmail()));
        return WebResponse.html(sent ? 200 : 429, pages.render("activate_renewed", found.agreement.locale(), model));
    }

    /** The accept form; it (re)starts the browser's pre-session so that its accept can be recognised. */
    private WebResponse form(Found found, boolean mustTick, WebRequest request, String token) {
        Map<String, Object> model = agreementModel(found);
        workAccounts.ifPresent(w -> {
            model.put("oidc", true);
            model.put("oidcStart", workAccountSignin(token));
            w.signedIn(request).ifPresent(account -> model.put("oidcAccount", account));
        });
        model.put("products", found.products.stream().map(k -> Map.of(
                "product", k.product(), "seats", k.seats(), "termMonths", k.termMonths())).toList());
        model.put("expires", found.link.expiresAt().toString());
        TermsText.Terms t = terms.forLocale(found.agreement.locale());
        model.put("termsText", termsHtml.getOrDefault(found.agreement.locale(), termsHtml.get("en")));
        model.put("termsVersion", t.version());
        model.put("csrf", csrf.token(found.scope()));
        model.put("mustTick", mustTick);
        return WebResponse.html(mustTick ? 400 : 200, pages.render("activate", found.agreement.locale(), model))
                .cookie(preSession.cookie(preSession.ofOrNew(request)));
    }

    /** Someone other than the designated administrator: who is designated (masked), and to ask the partner. */
    private WebResponse wrongAccount(WebRequest request, Found found, String account) {
        Map<String, Object> model = agreementModel(found);
        model.put("designated", maskEmail(found.link.recipientEmail()));
        model.put("account", account);
        return WebResponse.html(403, pages.render("wrong_account", found.agreement.locale(), model));
    }

    private static String workAccountSignin(String token) {
        return "/signin/oidc?next=/activate/" + token;
    }

    private WebResponse usedPage(Found found, int status) {
        Map<String, Object> model = agreementModel(found);
        model.put("usedAt", found.link.usedAt().toString());
        model.put("activated", showLink.activatedProducts(found.link.id()).stream().map(p -> Map.of("product", p.product(), "seats", p.seatsAfter(),
                        "endDate", p.endAfter().toString())).toList());
        return WebResponse.html(status, pages.render("activate_used", found.agreement.locale(), model));
    }

    private WebResponse gonePage(Found found, String why) {
        Map<String, Object> model = agreementModel(found);
        Optional<String> current = found.agreement.administratorEmail()
                .filter(email -> !email.equalsIgnoreCase(found.link.recipientEmail()));
        if (why.equals("revoked") && current.isPresent()) {
            // The feed changed the administrator: say so, and who has the new link, instead of naming
            // the previous administrator as if this link were still theirs. Masked: whoever holds an
            // old link learns only enough to recognise the person.
            why = "administrator_replaced";
            model.put("adminName", "");
            model.put("adminEmail", maskEmail(current.get()));
        }
        model.put("why", why);
        model.put("expiredAt", found.link.expiresAt().toString());
        model.put("csrf", csrf.token(found.scope()));
        return WebResponse.html(410, pages.render("activate_gone", found.agreement.locale(), model));
    }

    private Map<String, Object> agreementModel(Found found) {
        Map<String, Object> model = new HashMap<>();
        Agreement a = found.agreement;
        model.put("agreementNumber", a.number());
        model.put("customerName", a.customerName());
        model.put("tenant", a.tenantId());
        model.put("partnerName", a.partnerName());
        model.put("partnerContact", a.partnerContact() == null ? "" : a.partnerContact()); // issue 16
        model.put("adminName", found.link.recipientName() == null ? "" : found.link.recipientName());
        model.put("adminEmail", found.link.recipientEmail());
        return model;
    }

    /** Any token that is not exactly a stored one, however malformed, is the same 404. */
    private Found find(String rawToken) {
        return find(Tokens.hashOf(rawToken).orElseThrow(HttpError.NotFound::new));
    }

    private Found find(byte[] hash) {
        ActivationPageDao.LinkPage page = showLink.find(hash).orElseThrow(HttpError.NotFound::new);
        return new Found(page.link(), page.agreement(), page.products(), hash);
    }

    private static String scope(byte[] tokenHash) {
        return "activate:" + HexFormat.of().formatHex(tokenHash);
    }

    static String maskEmail(String email) {
        int at = email.indexOf('@');
        return at <= 1 ? "…" + email.substring(Math.max(at, 0)) : email.charAt(0) + "…" + email.substring(at);
    }

    private record Found(ActivationLink link, Agreement agreement, List<ActivationPageDao.Product> products,
                         byte[] tokenHash) {
        String scope() {
            return ActivationPages.scope(tokenHash);
        }
    }

}
