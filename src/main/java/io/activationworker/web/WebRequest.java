package io.activationworker.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** One request, read once: method, raw path, query and form parameters, headers, cookies. */
public final class WebRequest {

    private static final int MAX_BODY = 64 * 1024;

    private final HttpExchange exchange;
    private final Map<String, String> query;
    private Map<String, String> form;

    WebRequest(HttpExchange exchange) {
        this.exchange = exchange;
        this.query = parseParams(Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse(""));
    }

    public String method() {
        return exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    }

    public String rawPath() {
        return exchange.getRequestURI().getRawPath();
    }

    public Optional<String> query(String name) {
        return Optional.ofNullable(query.get(name));
    }

    public Optional<String> form(String name) {
        if (form == null) {
            form = parseParams(readBody());
        }
        return Optional.ofNullable(form.get(name));
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
    }

    public Optional<String> cookie(String name) {
        List<String> headers = exchange.getRequestHeaders().get("Cookie");
        if (headers == null) {
            return Optional.empty();
        }
        for (String header : headers) {
            for (String part : header.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0 && part.substring(0, eq).trim().equals(name)) {
                    return Optional.of(part.substring(eq + 1).trim());
                }
            }
        }
        return Optional.empty();
    }

    public String remoteAddress() {
        return exchange.getRemoteAddress().getAddress().getHostAddress();
    }

    public String userAgent() {
        String ua = header("User-Agent").orElse("");
        return ua.length() > 512 ? ua.substring(0, 512) : ua;
    }

    /** The locale the browser prefers among ours: Dutch when it asks for it, English otherwise. */
    public String preferredLocale() {
        return header("Accept-Language").map(v -> v.trim().toLowerCase(Locale.ROOT).startsWith("nl") ? "nl" : "en")
                .orElse("en");
    }

    // issue 16
    /**
     * The raw request body, for a handler that streams it (a feed upload); reading more than
     * {@code maxBytes} throws {@link HttpError.PayloadTooLarge}, and a Content-Length above it is
     * refused before a byte is read. Read it once, instead of {@link #form}.
     */
    public InputStream body(long maxBytes) {
        long declared = header("Content-Length").map(v -> {
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw new HttpError.BadRequest("Content-Length is not a number");
            }
        }).orElse(-1L);
        if (declared > maxBytes) {
            throw new HttpError.PayloadTooLarge(maxBytes);
        }
        return new BoundedInputStream(exchange.getRequestBody(), maxBytes);
    }

    private String readBody() {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw new HttpError.BadRequest("the form is too large");
            }
            return new String(body, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new HttpError.BadRequest("the form could not be read");
        }
    }

    private static Map<String, String> parseParams(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                params.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new HttpError.BadRequest("a parameter is not properly encoded");
            }
        }
        return params;
    }
}
