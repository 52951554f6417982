package io.activationworker.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a handler answers; the server adds the security headers every response carries. */
public final class WebResponse {

    private final int status;
    private final byte[] body;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final List<String> cookies = new ArrayList<>();

    private WebResponse(int status, String contentType, byte[] body) {
        this.status = status;
        this.body = body;
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
    }

    public static WebResponse html(int status, String html) {
        return new WebResponse(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8))
                .header("Cache-Control", "no-store");
    }

    public static WebResponse text(int status, String contentType, String text) {
        return new WebResponse(status, contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    public static WebResponse bytes(int status, String contentType, byte[] body) {
        return new WebResponse(status, contentType, body);
    }

    /** 303 See Other: after a POST the browser follows with a GET, so a reload never re-posts. */
    public static WebResponse seeOther(String location) {
        return new WebResponse(303, null, new byte[0]).header("Location", location);
    }

    public WebResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public WebResponse cookie(String setCookie) {
        cookies.add(setCookie);
        return this;
    }

    public int status() {
        return status;
    }

    public byte[] body() {
        return body;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public List<String> cookies() {
        return cookies;
    }
}
