package io.activationworker.activation;

import io.activationworker.web.Csrf;
import io.activationworker.web.PageRenderer;
import io.activationworker.web.PreSession;
import io.activationworker.web.Route;
import io.activationworker.web.WebRequest;
import io.activationworker.web.WebResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * {@code /activation-mail}: the form for "the email never arrived". The answer is the same page
 * whether or not the agreement number and the address match. It is given once the request is
 * stored (in the request's own transaction, as a sign-in request is): during a database outage
 * the request gets the 503 page, never a promise of an email that was lost with a background queue.
 */
final class ActivationMailPage {

    private static final String SCOPE = "activation-mail";

    private final RequestActivationMail requests;
    private final PageRenderer pages;
    private final Csrf csrf;
    private final PreSession preSession;

    public ActivationMailPage(RequestActivationMail requests, PageRenderer pages, Csrf csrf, PreSession preSession) {
        this.preSession = preSession;
        this.requests = requests;
        this.pages = pages;
        this.csrf = csrf;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/activation-mail", this::form),
                Route.post("/activation-mail", this::request));
    }

    private WebResponse form(WebRequest request, Matcher path) {
        return page(request, preSession.ofOrNew(request), 200, false, false, request.query("agreement").orElse(""));
    }

    /** As the sign-in form: the form token is bound to the browser's pre-session cookie. */
    private WebResponse request(WebRequest request, Matcher path) {
        Optional<String> client = preSession.of(request);
        if (client.isEmpty()) {
            csrf.checkOrigin(request);
            return page(request, preSession.ofOrNew(request), 400, false, false, "");
        }
        csrf.check(request, PreSession.scope(SCOPE, client.get()));
        String number = request.form("agreement").orElse("").trim();
        String email = request.form("email").orElse("").trim();
        if (!number.matches("[A-Za-z0-9-]{1,40}") || email.length() > 254 || !email.contains("@")
                || email.chars().anyMatch(c -> c < 0x20)) {
            return page(request, client.get(), 400, false, true, number.length() > 40 ? "" : number);
        }
        requests.request(number, email, request.clientAddress());
        return page(request, client.get(), 200, true, false, "");
    }

    /** A page for a browser that sent its pre-session cookie sets none: the answers stay byte for byte the same. */
    private WebResponse page(WebRequest request, String client, int status, boolean sent, boolean invalid,
                             String number) {
        Map<String, Object> model = new HashMap<>();
        model.put("csrf", csrf.token(PreSession.scope(SCOPE, client)));
        model.put("sent", sent);
        model.put("invalid", invalid);
        model.put("agreement", number);
        WebResponse page = WebResponse.html(status, pages.render("activation_mail", request.preferredLocale(), model));
        return request.method().equals("GET") || preSession.of(request).isEmpty()
                ? page.cookie(preSession.cookie(client)) : page;
    }
}
