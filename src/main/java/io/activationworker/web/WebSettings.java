package io.activationworker.web;

import java.time.Duration;
import java.util.Optional;

/**
 * How the web handler listens and what it tolerates from a client: the header-read deadline
 * ({@code http.header-timeout-seconds}), the keep-alive idle timeout, the largest header block,
 * the largest body, the most connections at once, and the optional management port.
 */
public record WebSettings(
        String bind,
        int port,
        int threads,
        Duration headerTimeout,
        Duration idleTimeout,
        int maxHeaderBytes,
        long maxBodyBytes,
        int maxConnections,
        TrustedProxies trustedProxies,
        boolean https,
        Optional<Listen> management) {

    /** An address and port to listen on. */
    public record Listen(String bind, int port) {
    }

    /** Settings for a test or a tool: the defaults of {@code activation.properties}. */
    public static WebSettings defaults(String bind, int port, int threads, boolean https) {
        return new WebSettings(bind, port, threads, Duration.ofSeconds(10), Duration.ofSeconds(30), 16 * 1024,
                64 * 1024, 20_000, TrustedProxies.none(), https, Optional.empty());
    }
}
