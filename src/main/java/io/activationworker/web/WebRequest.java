package io.activationworker.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/** One request, read once: method, raw path, query and form parameters, headers, cookies. */
public final class WebRequest {

    private final Request request;
    private final TrustedProxies proxies;
    private final Map<String, String> query;
    private long maxBody;
    private Map<String, String> form;
    private String clientAddress;

    WebRequest(Request request, TrustedProxies proxies, long maxBody) {
        this.request = request;
        this.proxies = proxies;
        this.maxBody = maxBody;
        this.query = parseParams(Optional.ofNullable(request.getHttpURI().getQuery()).orElse(""));
    }

    public String method() {
        return request.getMethod().toUpperCase(Locale.ROOT);
    }

    /** The path as sent, still percent-encoded. */
    public String rawPath() {
        String path = request.getHttpURI().getPath();
        return path == null ? "/" : path;
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

    /**
     * The request body, at most the route's limit (a larger one is answered with 413). For a
     * route that takes something other than a form (a feed upload).
     */
    public byte[] body() {
        try (InputStream in = Request.asInputStream(request)) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBody + 1));
            if (body.length > maxBody) {
                throw new HttpError.PayloadTooLarge();
            }
            return body;
        } catch (IOException e) {
            throw new HttpError.BadRequest("the request body could not be read");
        }
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(request.getHeaders().get(name));
    }

    public Optional<String> cookie(String name) {
        for (String header : request.getHeaders().getValuesList(HttpHeader.COOKIE)) {
            for (String part : header.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0 && part.substring(0, eq).trim().equals(name)) {
                    return Optional.of(part.substring(eq + 1).trim());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The client's address, for rate limits and acceptance records: the TCP peer, or what a
     * trusted proxy ({@code http.trusted-proxies}) says in {@code Forwarded} / {@code X-Forwarded-For}.
     */
    public String clientAddress() {
        if (clientAddress == null) {
            clientAddress = proxies.clientAddress(peerAddress(), request.getHeaders().getValuesList(HttpHeader.FORWARDED),
                    request.getHeaders().getValuesList(HttpHeader.X_FORWARDED_FOR));
        }
        return clientAddress;
    }

    /** The TCP peer: the client itself, or the reverse proxy in front of us. */
    public String peerAddress() {
        SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(remote);
    }

    public String userAgent() {
        String ua = header("User-Agent").orElse("");
        return ua.length() > 512 ? ua.substring(0, 512) : ua;
    }

    /** The locale the browser prefers among ours: Dutch when it asks for it, English otherwise. */
    public String preferredLocale() {
        return localeOf(header("Accept-Language").orElse(null));
    }

    static String localeOf(String acceptLanguage) {
        return acceptLanguage != null && acceptLanguage.trim().toLowerCase(Locale.ROOT).startsWith("nl") ? "nl" : "en";
    }

    void maxBody(long bytes) {
        this.maxBody = bytes;
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
        return new BoundedInputStream(Request.asInputStream(request), maxBytes);
    }

    private String readBody() {
        return new String(body(), StandardCharsets.UTF_8);
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
