package io.activationworker.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A small HTTP client that behaves like a browser posting our forms: it keeps its cookies (the
 * session and the pre-session), sends {@code Sec-Fetch-Site: same-origin} and copies the form
 * token from the last page. {@link #newTab()} is a second tab of the same browser: same cookies,
 * its own last page.
 */
public final class Browser {

    private static final String SESSION = "aw_session";

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String baseUrl;
    private final Map<String, String> cookies;
    private HttpResponse<String> last;
    private final Map<String, String> extraHeaders = new LinkedHashMap<>();

    public Browser(String baseUrl) {
        this(baseUrl, new ConcurrentHashMap<>());
    }

    private Browser(String baseUrl, Map<String, String> cookies) {
        this.baseUrl = baseUrl;
        this.cookies = cookies;
    }

    /** A second tab of this browser: it shares the cookies, not the last page. */
    public Browser newTab() {
        return new Browser(baseUrl, cookies);
    }

    public HttpResponse<String> get(String urlOrPath) {
        return send(HttpRequest.newBuilder(uri(urlOrPath)).GET());
    }

    /** Posts a form; the form token of the last page is added unless the fields carry one. */
    public HttpResponse<String> post(String urlOrPath, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>();
        formToken().ifPresent(t -> all.put("csrf", t));
        all.putAll(fields);
        String body = all.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri(urlOrPath))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Sec-Fetch-Site", "same-origin")
                .header("Origin", "null")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Optional<String> formToken() {
        if (last == null) {
            return Optional.empty();
        }
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(last.body());
        String token = null;
        while (m.find()) {
            token = m.group(1);
        }
        return Optional.ofNullable(token);
    }

    /** The session cookie as "name=value", or "" when this browser holds none. */
    public String cookie() {
        String session = cookies.get(SESSION);
        return session == null ? "" : SESSION + "=" + session;
    }

    /** Every cookie this browser holds, as its Cookie header ("" when none). */
    public String cookieHeader() {
        return cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
    }

    /** Carries cookies over from another browser (or to another instance): "name=value; name2=value2". */
    public void useCookie(String nameValues) {
        for (String pair : nameValues.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
    }

    /** Forgets one cookie, as a browser does when it expires. */
    public void dropCookie(String name) {
        cookies.remove(name);
    }

    /** issue 12: a header sent with every request from now on (as a reverse proxy adds X-Forwarded-For). */
    public Browser withHeader(String name, String value) {
        extraHeaders.put(name, value);
        return this;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        extraHeaders.forEach(request::header);
        String header = cookieHeader();
        if (!header.isEmpty()) {
            request.header("Cookie", header);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            response.headers().allValues("Set-Cookie").forEach(c -> {
                String pair = c.split(";", 2)[0];
                int eq = pair.indexOf('=');
                String name = pair.substring(0, eq).trim();
                String value = pair.substring(eq + 1).trim();
                if (value.isEmpty() || c.contains("Max-Age=0")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            });
            last = response;
            return response;
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private URI uri(String urlOrPath) {
        return URI.create(urlOrPath.startsWith("http") ? urlOrPath : baseUrl + urlOrPath);
    }
}
