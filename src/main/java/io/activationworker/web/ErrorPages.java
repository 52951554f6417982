package io.activationworker.web;

import com.sun.net.httpserver.HttpExchange;
import java.util.Locale;
import java.util.Map;

/** The friendly page for each error status, in the browser's language; never echoes the request. */
public final class ErrorPages {

    private final PageRenderer pages;

    public ErrorPages(PageRenderer pages) {
        this.pages = pages;
    }

    WebResponse page(int status, HttpExchange exchange) {
        String accept = exchange.getRequestHeaders().getFirst("Accept-Language");
        String locale = accept != null && accept.trim().toLowerCase(Locale.ROOT).startsWith("nl") ? "nl" : "en";
        return page(status, locale);
    }

    public WebResponse page(int status, String locale) {
        WebResponse response = WebResponse.html(status, pages.render("error", locale, Map.of("status", status)));
        if (status == 503) {
            response.header("Retry-After", "10");
        }
        return response;
    }
}
