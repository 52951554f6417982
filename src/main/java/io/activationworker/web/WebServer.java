package io.activationworker.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.activationworker.db.DatabaseUnavailable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK HTTP server with our routing, error pages and security headers. Handlers return a
 * {@link WebResponse} or throw an {@link HttpError}; anything else is logged and answered with a
 * friendly page, never a stack trace.
 */
public final class WebServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebServer.class);

    static {
        // Without TCP_NODELAY the JDK server waits on Nagle + delayed ACK: ~40 ms per response.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Route> routes;
    private final ErrorPages errors;
    private final boolean https;
    private final RequestListener listener;

    public WebServer(String bind, int port, int threads, List<Route> routes, ErrorPages errors, boolean https,
                     RequestListener listener) throws IOException {
        this.routes = List.copyOf(routes);
        this.errors = errors;
        this.https = https;
        this.listener = listener;
        this.server = HttpServer.create(new InetSocketAddress(bind, port), 256);
        this.executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    public void start() {
        server.start();
        log.info("event=web_started address={}", server.getAddress());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) {
        long started = System.nanoTime();
        String routeName = "unmatched";
        WebResponse response;
        try {
            WebRequest request = new WebRequest(exchange);
            String method = request.method().equals("HEAD") ? "GET" : request.method();
            response = null;
            boolean pathKnown = false;
            for (Route route : routes) {
                Matcher m = route.path().matcher(request.rawPath());
                if (m.matches()) {
                    pathKnown = true;
                    if (route.method().equals(method)) {
                        routeName = route.method() + " " + route.path().pattern();
                        response = route.handler().handle(request, m);
                        break;
                    }
                }
            }
            if (response == null) {
                throw pathKnown ? new HttpError.MethodNotAllowed() : new HttpError.NotFound();
            }
        } catch (HttpError e) {
            response = errors.page(e.status(), exchange);
        } catch (RuntimeException e) {
            if (DatabaseUnavailable.causedBy(e)) {
                log.warn("event=request_failed route=\"{}\" status=503 reason=\"database unavailable\"", routeName);
                response = errors.page(503, exchange);
            } else {
                log.error("event=request_failed route=\"{}\" status=500", routeName, e);
                response = errors.page(500, exchange);
            }
        }
        write(exchange, response);
        listener.completed(routeName, response.status(), System.nanoTime() - started);
    }

    private void write(HttpExchange exchange, WebResponse response) {
        try (exchange) {
            for (Map.Entry<String, String> h : response.headers().entrySet()) {
                exchange.getResponseHeaders().set(h.getKey(), h.getValue());
            }
            for (String cookie : response.cookies()) {
                exchange.getResponseHeaders().add("Set-Cookie", cookie);
            }
            SecurityHeaders.apply(exchange.getResponseHeaders(), https);
            boolean head = "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
            if (response.streamedBody().isPresent() && !head) { // issue 16: chunked, written as produced
                exchange.sendResponseHeaders(response.status(), 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    response.streamedBody().get().writeTo(out);
                }
                return;
            }
            byte[] body = response.body();
            exchange.sendResponseHeaders(response.status(), head || body.length == 0 ? -1 : body.length);
            if (!head && body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException e) {
            log.debug("event=response_not_written reason=\"{}\"", e.getMessage());
        } catch (RuntimeException e) {
            // issue 16: a streamed body failed half-way; the status is already sent, the client sees a cut body
            log.warn("event=response_stream_failed reason=\"{}\"", e.getMessage());
        }
    }

    /** Stops accepting, lets requests in progress finish (up to the grace period), then closes. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("event=web_stopped");
    }
}
