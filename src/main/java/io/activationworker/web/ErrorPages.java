package io.activationworker.web;

import java.util.Map;

/** The friendly page for each error status, in the browser's language; never echoes the request. */
public final class ErrorPages {

    private final PageRenderer pages;

    public ErrorPages(PageRenderer pages) {
        this.pages = pages;
    }

    public WebResponse page(int status, String locale) {
        WebResponse response = WebResponse.html(status, pages.render("error", locale, Map.of("status", status)));
        if (status == 503) {
            response.header("Retry-After", "10");
        }
        return response;
    }
}
