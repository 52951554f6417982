package io.activationworker.partner;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * POSTs one signed event to a partner's URL. Connect and read are bounded by the timeout (a
 * receiver that never answers frees the thread), redirects are not followed (a 3xx is a failed
 * try), and an address in a loopback, private or link-local network is refused unless
 * {@code webhook.allow-private} is on, so a feed cannot point the product at the operator's own
 * network. (The name is resolved here and again by the HTTP client; a DNS answer that changes in
 * between is not caught.)
 */
final class WebhookClient {

    /** What a try came to: the status (0 when there was no answer) and the receiver's Retry-After. */
    public record Outcome(int status, Optional<Duration> retryAfter, String error) {
        boolean delivered() {
            return status >= 200 && status < 300;
        }
    }

    private final HttpClient http;
    private final Duration timeout;
    private final boolean allowPrivate;
    private final Clock clock;

    WebhookClient(Duration timeout, boolean allowPrivate, Clock clock) {
        this.timeout = timeout;
        this.allowPrivate = allowPrivate;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public Outcome post(String url, String eventId, long timestamp, String signatures, String body) {
        URI uri;
        try {
            uri = URI.create(url);
            refusePrivate(uri);
        } catch (IllegalArgumentException | UnknownHostException e) {
            return new Outcome(0, Optional.empty(), "refused: " + e.getMessage());
        }
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "activation-worker-webhooks/1")
                .header("webhook-id", eventId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signatures)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        CompletableFuture<HttpResponse<Void>> future = http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        try {
            // The request timeout covers the answer's headers; this bounds the whole try, body included.
            HttpResponse<Void> response = future.get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
            int status = response.statusCode();
            Optional<Duration> retryAfter = response.headers().firstValue("Retry-After").flatMap(this::retryAfter);
            return new Outcome(status, retryAfter, status >= 200 && status < 300 ? null : "HTTP " + status);
        } catch (TimeoutException e) {
            future.cancel(true);
            return new Outcome(0, Optional.empty(), "no answer within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String why = cause instanceof java.net.http.HttpTimeoutException ? "no answer within " + timeout.toSeconds() + " s"
                    : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
            return new Outcome(0, Optional.empty(), why);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return new Outcome(0, Optional.empty(), "interrupted");
        }
    }

    private void refusePrivate(URI uri) throws UnknownHostException {
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalArgumentException("not an http(s) URL");
        }
        if (allowPrivate) {
            return;
        }
        for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
            if (isPrivate(address)) {
                throw new IllegalArgumentException(uri.getHost() + " is a private or loopback address ("
                        + address.getHostAddress() + "); set webhook.allow-private=true to allow it");
            }
        }
    }

    static boolean isPrivate(InetAddress a) {
        byte[] b = a.getAddress();
        boolean uniqueLocalV6 = b.length == 16 && (b[0] & 0xfe) == 0xfc;
        boolean carrierNat = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
        return a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress() || uniqueLocalV6 || carrierNat;
    }

    /** Seconds or an HTTP date, at most a day ahead. */
    private Optional<Duration> retryAfter(String value) {
        Duration wait;
        try {
            wait = Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                wait = Duration.between(clock.instant(), at);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
        if (wait.isNegative()) {
            wait = Duration.ZERO;
        }
        return Optional.of(wait.compareTo(WebhookSchedule.MAX_RETRY_AFTER) > 0 ? WebhookSchedule.MAX_RETRY_AFTER : wait);
    }
}
