package io.activationworker.web;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The header-read deadline Jetty lacks: its idle timeout restarts with every byte, so a client
 * sending one header byte a second would hold its connection for ever. A sweep a few times a
 * second closes every connection that has spent longer than {@code http.header-timeout-seconds}
 * on one request line and header block, and every new connection that sent nothing for as long.
 * Idle keep-alive connections between requests are left to the idle timeout.
 */
final class HeaderDeadline implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HeaderDeadline.class);

    private final List<ServerConnector> connectors;
    private final long deadlineNanos;
    private final ScheduledExecutorService sweeper;
    /** Endpoints in the middle of a header block: since when (as seen by a sweep), for which request. */
    private Map<EndPoint, HeaderPhase> reading = new HashMap<>();

    private record HeaderPhase(long request, long sinceNanos) {
    }

    HeaderDeadline(List<ServerConnector> connectors, Duration deadline) {
        this.connectors = List.copyOf(connectors);
        this.deadlineNanos = deadline.toNanos();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "http-header-deadline");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(50, Math.min(500, deadline.toMillis() / 10));
        sweeper.scheduleWithFixedDelay(this::sweepSafely, every, every, TimeUnit.MILLISECONDS);
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("event=header_deadline_sweep_failed reason=\"{}\"", e.toString());
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        long wallNow = System.currentTimeMillis();
        Map<EndPoint, HeaderPhase> next = new HashMap<>();
        int closed = 0;
        for (ServerConnector connector : connectors) {
            for (EndPoint endPoint : connector.getConnectedEndPoints()) {
                if (!(endPoint.getConnection() instanceof HttpConnection connection)) {
                    continue;
                }
                HttpParser parser = connection.getParser();
                boolean overdue;
                if (parser.isStart()) {
                    // Nothing of a request yet: only a brand-new connection is held to the deadline.
                    overdue = connection.getMessagesIn() == 0 && connection.getBytesIn() == 0
                            && wallNow - endPoint.getCreatedTimeStamp() > deadlineNanos / 1_000_000;
                } else if (parser.inHeaderState()) {
                    HeaderPhase seen = reading.get(endPoint);
                    long request = connection.getMessagesIn();
                    if (seen == null || seen.request() != request) {
                        // A first request is timed from the connection's start, a later one from this sweep.
                        long since = request == 0
                                ? now - (wallNow - endPoint.getCreatedTimeStamp()) * 1_000_000 : now;
                        seen = new HeaderPhase(request, since);
                    }
                    next.put(endPoint, seen);
                    overdue = now - seen.sinceNanos() > deadlineNanos;
                } else {
                    overdue = false;
                }
                if (overdue) {
                    next.remove(endPoint);
                    endPoint.close();
                    closed++;
                }
            }
        }
        reading = next;
        if (closed > 0) {
            log.info("event=slow_connections_closed count={} reason=\"no complete request header within {} ms\"",
                    closed, deadlineNanos / 1_000_000);
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
