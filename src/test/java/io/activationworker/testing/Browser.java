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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A small HTTP client that behaves like a browser posting our forms: it keeps the session cookie,
 * sends {@code Sec-Fetch-Site: same-origin} and copies the form token from the last page.
 */
public final class Browser {

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String baseUrl;
    private String cookie = "";
    private HttpResponse<String> last;
    private final Map<String, String> extraHeaders = new LinkedHashMap<>();

    public Browser(String baseUrl) {
        this.baseUrl = baseUrl;
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

    public String cookie() {
        return cookie;
    }

    /** Carries a session over from another browser (or to another instance): "name=value". */
    public void useCookie(String nameValue) {
        cookie = nameValue;
    }

    /** issue 12: a header sent with every request from now on (as a reverse proxy adds X-Forwarded-For). */
    public Browser withHeader(String name, String value) {
        extraHeaders.put(name, value);
        return this;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        extraHeaders.forEach(request::header);
        if (!cookie.isEmpty()) {
            request.header("Cookie", cookie);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            response.headers().allValues("Set-Cookie").forEach(c -> {
                String pair = c.split(";", 2)[0];
                cookie = pair.endsWith("=") ? "" : pair;
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
