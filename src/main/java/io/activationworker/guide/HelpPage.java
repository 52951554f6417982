package io.activationworker.guide;

import io.activationworker.web.PageRenderer;
import io.activationworker.web.Route;
import io.activationworker.web.WebRequest;
import io.activationworker.web.WebResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * {@code GET /help}: the seed's PDF walkthrough as a page. It follows the browser's language
 * unless {@code ?lang=en|nl} chooses one (the page's own switch), and prints cleanly (the print
 * stylesheet drops the navigation), so "Save as PDF" gives the guide as a file.
 */
public final class HelpPage {

    private final PageRenderer pages;
    private final boolean workAccounts;
    private final String workAccountName;

    public HelpPage(PageRenderer pages, boolean workAccounts, String workAccountName) {
        this.pages = pages;
        this.workAccounts = workAccounts;
        this.workAccountName = workAccountName;
    }

    public List<Route> routes() {
        return List.of(Route.get("/help", this::show));
    }

    private WebResponse show(WebRequest request, Matcher path) {
        String locale = request.query("lang").filter(l -> l.equals("en") || l.equals("nl"))
                .orElseGet(request::preferredLocale);
        Map<String, Object> model = new HashMap<>();
        model.put("workAccounts", workAccounts);
        model.put("workAccountName", workAccountName);
        return WebResponse.html(200, pages.render("help", locale, model));
    }
}
