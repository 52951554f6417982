package io.activationworker.web;

import io.activationworker.db.DatabaseUnavailable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty (its core Handler API) with our routing, error pages and security headers. Jetty parses
 * requests on its selector without holding a request thread; a request thread only runs once the
 * header block is complete. Handlers return a {@link WebResponse} or throw an {@link HttpError};
 * anything else is logged and answered with a friendly page, never a stack trace.
 */
public final class WebServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebServer.class);
    private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS",
            "TRACE", "CONNECT");

    private final Server server;
    private final ServerConnector publicConnector;
    private final ServerConnector managementConnector;
    private final HeaderDeadline headerDeadline;
    private final List<Route> publicRoutes;
    private final List<Route> managementRoutes;
    private final ErrorPages errors;
    private final WebSettings settings;
    private final RequestListener listener;

    /**
     * {@code publicRoutes} on {@code http.bind:http.port}; {@code managementRoutes} on the
     * management port when {@link WebSettings#management()} is set (and unused otherwise).
     */
    public WebServer(WebSettings settings, List<Route> publicRoutes, List<Route> managementRoutes, ErrorPages errors,
                     RequestListener listener) {
        this.settings = settings;
        this.publicRoutes = List.copyOf(publicRoutes);
        this.managementRoutes = List.copyOf(managementRoutes);
        this.errors = errors;
        this.listener = listener;

        QueuedThreadPool threads = new QueuedThreadPool(settings.threads() + 4, Math.min(4, settings.threads() + 2));
        threads.setName("http");
        threads.setDaemon(true);
        threads.setReservedThreads(0);
        server = new Server(threads);
        server.setStopTimeout(5_000);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(settings.maxHeaderBytes());
        http.setIdleTimeout(settings.idleTimeout().toMillis());
        // Our routes match the still-encoded path and 404 whatever they do not know ("%2F", "..",
        // "%00" in a token): Jetty's stricter URI rules would answer those with a 400 instead.
        http.setUriCompliance(UriCompliance.UNSAFE);
        publicConnector = connector(http, settings.bind(), settings.port(), "public");
        server.addConnector(publicConnector);
        List<ServerConnector> all = new ArrayList<>(List.of(publicConnector));
        if (settings.management().isPresent()) {
            managementConnector = connector(http, settings.management().get().bind(), settings.management().get().port(),
                    "management");
            server.addConnector(managementConnector);
            all.add(managementConnector);
        } else {
            managementConnector = null;
        }
        server.addBean(new NetworkConnectionLimit(settings.maxConnections(), publicConnector));
        server.setErrorHandler(new EdgeErrors(errors, settings.https()));
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                WebServer.this.handle(request, response, callback);
                return true;
            }
        });
        headerDeadline = new HeaderDeadline(all, settings.headerTimeout());
    }

    private ServerConnector connector(HttpConfiguration http, String bind, int port, String name) {
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(bind);
        connector.setPort(port);
        connector.setName(name);
        connector.setIdleTimeout(settings.idleTimeout().toMillis());
        connector.setAcceptQueueSize(256);
        return connector;
    }

    /** Binds and starts; throws {@link IOException} when a port cannot be bound. */
    public void start() throws IOException {
        try {
            server.start();
        } catch (IOException e) {
            close();
            throw e;
        } catch (Exception e) {
            close();
            throw new IOException(e.getMessage(), e);
        }
        log.info("event=web_started address={}:{}{}", settings.bind(), port(),
                managementConnector == null ? "" : " management=" + settings.management().get().bind() + ":" + managementPort());
    }

    public int port() {
        return publicConnector.getLocalPort();
    }

    public int managementPort() {
        return managementConnector == null ? -1 : managementConnector.getLocalPort();
    }

    private void handle(Request jettyRequest, Response jettyResponse, Callback callback) {
        long started = System.nanoTime();
        String routeName = "unmatched";
        String method = jettyRequest.getMethod().toUpperCase(java.util.Locale.ROOT);
        WebResponse response;
        boolean unreadBody = false;
        boolean management = managementConnector != null
                && jettyRequest.getConnectionMetaData().getConnector() == managementConnector;
        try {
            WebRequest request = new WebRequest(jettyRequest, settings.trustedProxies(), settings.maxBodyBytes());
            String asMethod = method.equals("HEAD") ? "GET" : method;
            response = null;
            Set<String> allowed = new LinkedHashSet<>();
            for (Route route : management ? managementRoutes : publicRoutes) {
                Matcher m = route.path().matcher(request.rawPath());
                if (!m.matches()) {
                    continue;
                }
                allowed.add(route.method());
                if (route.method().equals(asMethod) && !method.equals("TRACE")) {
                    routeName = route.name();
                    long limit = route.maxBody() > 0 ? route.maxBody() : settings.maxBodyBytes();
                    if (jettyRequest.getLength() > limit) {
                        unreadBody = true;
                        throw new HttpError.PayloadTooLarge();
                    }
                    request.maxBody(limit);
                    response = route.handler().handle(request, m);
                    break;
                }
            }
            if (response == null) {
                if (allowed.isEmpty()) {
                    throw new HttpError.NotFound();
                }
                if (allowed.contains("GET")) {
                    allowed.add("HEAD");
                }
                throw new HttpError.MethodNotAllowed(String.join(", ", allowed));
            }
        } catch (HttpError e) {
            response = errors.page(e.status(), WebRequest.localeOf(jettyRequest.getHeaders().get(HttpHeader.ACCEPT_LANGUAGE)));
            if (e instanceof HttpError.MethodNotAllowed notAllowed && !notAllowed.allow().isEmpty()) {
                response.header("Allow", notAllowed.allow());
            }
            unreadBody |= e.status() == 413;
        } catch (RuntimeException e) {
            String locale = WebRequest.localeOf(jettyRequest.getHeaders().get(HttpHeader.ACCEPT_LANGUAGE));
            if (DatabaseUnavailable.causedBy(e)) {
                log.warn("event=request_failed route=\"{}\" status=503 reason=\"database unavailable\"", routeName);
                response = errors.page(503, locale);
            } else {
                log.error("event=request_failed route=\"{}\" status=500", routeName, e);
                response = errors.page(500, locale);
            }
        }
        write(jettyResponse, method.equals("HEAD"), unreadBody, response, callback);
        listener.completed(KNOWN_METHODS.contains(method) ? method : "OTHER", routeName, response.status(),
                System.nanoTime() - started);
    }

    private void write(Response jettyResponse, boolean head, boolean closeAfter, WebResponse response, Callback callback) {
        jettyResponse.setStatus(response.status());
        HttpFields.Mutable headers = jettyResponse.getHeaders();
        for (Map.Entry<String, String> h : response.headers().entrySet()) {
            headers.put(h.getKey(), h.getValue());
        }
        for (String cookie : response.cookies()) {
            headers.add(HttpHeader.SET_COOKIE, cookie);
        }
        SecurityHeaders.apply(headers, settings.https());
        if (closeAfter) {
            // The body was refused unread: reading 200 MB only to throw it away is what a client wants us to do.
            headers.put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        }
        if (response.streamedBody().isPresent() && !head) { // issue 16: chunked, written as produced
            writeStreamed(jettyResponse, response.streamedBody().get(), callback);
            return;
        }
        byte[] body = response.body();
        headers.put(HttpHeader.CONTENT_LENGTH, body.length);
        jettyResponse.write(true, head || body.length == 0 ? null : ByteBuffer.wrap(body), callback);
    }

    private void writeStreamed(Response jettyResponse, WebResponse.BodyWriter body, Callback callback) {
        try (OutputStream out = Content.Sink.asOutputStream(jettyResponse)) {
            body.writeTo(out);
        } catch (IOException | RuntimeException e) {
            // The status is already sent; the client sees a cut body.
            log.warn("event=response_stream_failed reason=\"{}\"", e.toString());
            callback.failed(e);
            return;
        }
        callback.succeeded();
    }

    /** Stops accepting, lets requests in progress finish (up to the grace period), then closes. */
    @Override
    public void close() {
        headerDeadline.close();
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("event=web_stop_failed reason=\"{}\"", e.getMessage());
        }
        log.info("event=web_stopped");
    }
}
