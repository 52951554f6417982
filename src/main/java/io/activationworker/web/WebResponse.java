package io.activationworker.web;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a handler answers; the server adds the security headers every response carries. */
public final class WebResponse {

    private final int status;
    private final byte[] body;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final List<String> cookies = new ArrayList<>();
    private BodyWriter streamed;

    // issue 16
    /** Writes a body that is never held whole in memory (a partner's 100,000 agreements). */
    @FunctionalInterface
    public interface BodyWriter {
        void writeTo(OutputStream out) throws IOException;
    }

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

    // issue 16
    /** A body written as it is produced, sent chunked; the headers go out before the first byte. */
    public static WebResponse streamed(int status, String contentType, BodyWriter writer) {
        WebResponse response = new WebResponse(status, contentType, new byte[0]);
        response.streamed = writer;
        return response;
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

    public Optional<BodyWriter> streamedBody() {
        return Optional.ofNullable(streamed);
    }

    public Map<String, String> headers() {
        return headers;
    }

    public List<String> cookies() {
        return cookies;
    }
}
