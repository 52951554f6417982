package io.activationworker.signin;

import io.activationworker.web.PageRenderer;
import io.activationworker.web.Route;
import io.activationworker.web.WebRequest;
import io.activationworker.web.WebResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/** {@code /}: where a person lands without a link — sign in, or go to Your products. */
final class HomePage {

    private final PageRenderer pages;
    private final Sessions sessions;

    public HomePage(PageRenderer pages, Sessions sessions) {
        this.pages = pages;
        this.sessions = sessions;
    }

    public List<Route> routes() {
        return List.of(Route.get("/", this::show));
    }

    private WebResponse show(WebRequest request, Matcher path) {
        boolean signedIn = sessions.current(request).isPresent();
        return WebResponse.html(200, pages.render("home", request.preferredLocale(), Map.of("signedIn", signedIn)));
    }
}
