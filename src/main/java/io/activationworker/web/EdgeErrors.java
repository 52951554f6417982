package io.activationworker.web;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own refusals (400 for a malformed request, 414, 431, and anything that fails before our
 * routing runs) answered with our error page and our security headers: no server name, no
 * exception text, no echo of the request.
 */
final class EdgeErrors extends ErrorHandler {

    private final ErrorPages pages;
    private final boolean https;

    EdgeErrors(ErrorPages pages, boolean https) {
        this.pages = pages;
        this.https = https;
        setShowStacks(false);
        setShowCauses(false);
        setShowMessageInTitle(false);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        Object failure = request.getAttribute(ERROR_EXCEPTION);
        if (failure instanceof HttpException e) {
            status = e.getCode();
        }
        if (status == 400 && failure instanceof Throwable t && unparseablePath(t)) {
            // A path Jetty refuses to decode at all (a NUL byte, "/../.." above the root) is a page we do not have: the
            // same 404 our routing gives every other unknown path, so a probe learns nothing.
            status = 404;
        }
        if (status < 400 || status > 599) {
            status = 500;
        }
        String locale = WebRequest.localeOf(request.getHeaders().get(HttpHeader.ACCEPT_LANGUAGE));
        WebResponse page = pages.page(status, locale);
        response.setStatus(status);
        HttpFields.Mutable headers = response.getHeaders();
        page.headers().forEach(headers::put);
        SecurityHeaders.apply(headers, https);
        headers.put(HttpHeader.CONTENT_LENGTH, page.body().length);
        response.write(true, "HEAD".equals(request.getMethod()) ? null : ByteBuffer.wrap(page.body()), callback);
        return true;
    }

    private static boolean unparseablePath(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof IllegalArgumentException && (message.contains("in path") || message.equals("Bad URI"))) {
                return true;
            }
        }
        return false;
    }

    /** For a request so broken that no request object is made: the same page, in English. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        WebResponse page = pages.page(status, "en");
        page.headers().forEach(fields::put);
        SecurityHeaders.apply(fields, https);
        return ByteBuffer.wrap(page.body());
    }
}
