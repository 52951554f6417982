package io.activationworker.redemption;

import io.activationworker.signin.Sessions;
import io.activationworker.signin.WebSession;
import io.activationworker.web.Csrf;
import io.activationworker.web.PageRenderer;
import io.activationworker.web.WebRequest;
import io.activationworker.web.WebResponse;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What every page behind sign-in shares: the session check (no session → the sign-in page),
 * the session-bound form token, and the layout's signed-in parts.
 */
public final class PortalPages {

    private final Sessions sessions;
    private final PageRenderer pages;
    private final Csrf csrf;

    public PortalPages(Sessions sessions, PageRenderer pages, Csrf csrf) {
        this.sessions = sessions;
        this.pages = pages;
        this.csrf = csrf;
    }

    public WebResponse signedIn(WebRequest request, Function<WebSession, WebResponse> handler) {
        Optional<WebSession> session = sessions.current(request);
        return session.map(handler).orElseGet(() -> WebResponse.seeOther("/signin"));
    }

    /** Checks the form token of a signed-in form post (403 when it is missing or foreign). */
    public void checkForm(WebRequest request, WebSession session) {
        csrf.check(request, scope(session));
    }

    public String formToken(WebSession session) {
        return csrf.token(scope(session));
    }

    public WebResponse page(WebRequest request, WebSession session, String template, Map<String, Object> model,
                            int status) {
        return page(request, session, request.preferredLocale(), template, model, status);
    }

    /** In a given language rather than the browser's (issue 15: an agreement's terms page speaks the agreement's). */
    public WebResponse page(WebRequest request, WebSession session, String locale, String template,
                            Map<String, Object> model, int status) {
        Map<String, Object> all = new HashMap<>(model);
        all.put("signedIn", true);
        all.put("adminEmail", session.adminEmail());
        all.put("csrf", formToken(session));
        all.put("signoutCsrf", formToken(session));
        return WebResponse.html(status, pages.render(template, locale, all));
    }

    public PageRenderer renderer() {
        return pages;
    }

    private static String scope(WebSession session) {
        return "session:" + HexFormat.of().formatHex(session.idHash());
    }
}
