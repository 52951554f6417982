package io.activationworker.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A webhook receiver on loopback (the JDK's HTTP server): records every POST with its Standard
 * Webhooks headers and answers with the statuses it was told, then 200. {@link #hang()} makes it
 * take requests and never answer, like a receiver that is stuck.
 */
public final class WebhookReceiver implements AutoCloseable {

    public record Received(String id, String timestamp, String signature, String body) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<int[]> answers = new ArrayDeque<>(); // {status, retryAfterSeconds or -1}
    private volatile CountDownLatch released = new CountDownLatch(1);
    private volatile boolean hang;

    public WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "webhook-receiver");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var h = exchange.getRequestHeaders();
            received.add(new Received(h.getFirst("webhook-id"), h.getFirst("webhook-timestamp"),
                    h.getFirst("webhook-signature"), body));
            if (hang) {
                try {
                    released.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            int[] answer;
            synchronized (answers) {
                answer = answers.isEmpty() ? new int[] {200, -1} : answers.poll();
            }
            if (answer[1] >= 0) {
                exchange.getResponseHeaders().set("Retry-After", Integer.toString(answer[1]));
            }
            exchange.sendResponseHeaders(answer[0], -1);
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** The next requests are answered with these statuses, in order; then 200 again. */
    public void answer(int... statuses) {
        synchronized (answers) {
            for (int s : statuses) {
                answers.add(new int[] {s, -1});
            }
        }
    }

    public void answerWithRetryAfter(int status, int seconds) {
        synchronized (answers) {
            answers.add(new int[] {status, seconds});
        }
    }

    public void hang() {
        hang = true;
    }

    /** Answers again (200 unless told otherwise); requests held by {@link #hang()} are let go unanswered. */
    public void release() {
        hang = false;
        released.countDown();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
    }
}
