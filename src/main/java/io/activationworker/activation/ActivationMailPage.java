package io.activationworker.activation;

import io.activationworker.web.Csrf;
import io.activationworker.web.PageRenderer;
import io.activationworker.web.Route;
import io.activationworker.web.WebRequest;
import io.activationworker.web.WebResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * {@code /activation-mail}: the form for "the email never arrived". The answer is the same page
 * whether or not the agreement number and the address match. It is given once the request is
 * stored (in the request's own transaction, as a sign-in request is): during a database outage
 * the request gets the 503 page, never a promise of an email that was lost with a background queue.
 */
public final class ActivationMailPage {

    private static final String SCOPE = "activation-mail";

    private final RequestActivationMail requests;
    private final PageRenderer pages;
    private final Csrf csrf;

    public ActivationMailPage(RequestActivationMail requests, PageRenderer pages, Csrf csrf) {
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
        return page(request, 200, false, false, request.query("agreement").orElse(""));
    }

    private WebResponse request(WebRequest request, Matcher path) {
        csrf.check(request, SCOPE);
        String number = request.form("agreement").orElse("").trim();
        String email = request.form("email").orElse("").trim();
        if (!number.matches("[A-Za-z0-9-]{1,40}") || email.length() > 254 || !email.contains("@")
                || email.chars().anyMatch(c -> c < 0x20)) {
            return page(request, 400, false, true, number.length() > 40 ? "" : number);
        }
        requests.request(number, email, request.clientAddress());
        return page(request, 200, true, false, "");
    }

    private WebResponse page(WebRequest request, int status, boolean sent, boolean invalid, String number) {
        Map<String, Object> model = new HashMap<>();
        model.put("csrf", csrf.token(SCOPE));
        model.put("sent", sent);
        model.put("invalid", invalid);
        model.put("agreement", number);
        return WebResponse.html(status, pages.render("activation_mail", request.preferredLocale(), model));
    }
}
