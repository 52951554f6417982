package io.activationworker.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An SMTP sink on loopback that waits a fixed time before answering each message's DATA, like a
 * real relay that queues to disk and checks content. One thread per connection (they mostly
 * sleep). Counts messages, connections and duplicate Message-IDs.
 *
 * <p>Issue 18 adds what real relays across a network do: {@link #networkHop} delays every reply
 * (the greeting included) by a fixed time after its command arrived, without holding up the
 * commands behind it, and offers PIPELINING, so a client that pipelines pays the delay once per
 * group of commands; {@link #limitConnections} and {@link #limitRate} answer the way Exchange
 * Online, Amazon SES and Postfix throttle. It then also records each message's arrival time and
 * counts every reply and the 4xx among them.
 */
public final class SlowSmtpSink implements AutoCloseable {

    private final ServerSocket server;
    private final long delayMillis;
    private final Set<String> messageIds = ConcurrentHashMap.newKeySet();
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong maxConcurrent = new AtomicLong();
    private final AtomicLong open = new AtomicLong();
    private volatile boolean running = true;
    private volatile long replyDelayMillis;
    private volatile boolean pipelining;
    private volatile int maxConnections = Integer.MAX_VALUE;
    private volatile String connectionReply = "";
    private volatile double perSecond;
    private volatile double burst;
    private volatile boolean rateAtMailFrom;
    private volatile String rateReply = "";
    private double tokens;
    private long refilledAt;
    private final java.util.List<Long> arrivals = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private final AtomicLong replies = new AtomicLong();
    private final AtomicLong temporary = new AtomicLong();
    private final java.util.concurrent.ScheduledExecutorService later =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "slow-sink-replies");
                t.setDaemon(true);
                return t;
            });

    /** Runs the sink alone, for trying the worker against it by hand. Args: port delayMillis */
    public static void main(String[] args) throws Exception {
        try (SlowSmtpSink sink = new SlowSmtpSink(Integer.parseInt(args[0]), Long.parseLong(args[1]))) {
            System.out.println("slow sink on 127.0.0.1:" + sink.port());
            long last = -1;
            while (true) {
                Thread.sleep(1000);
                if (sink.messages() != last) {
                    last = sink.messages();
                    System.out.println("messages=" + last + " duplicates=" + sink.duplicates() + " connections="
                            + sink.connections() + " max_concurrent=" + sink.maxConcurrentConnections());
                }
            }
        }
    }

    SlowSmtpSink(long delayMillis) throws IOException {
        this(0, delayMillis);
    }

    SlowSmtpSink(int port, long delayMillis) throws IOException {
        this.delayMillis = delayMillis;
        this.server = new ServerSocket(port, 512, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "slow-sink-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A relay a network hop away: every reply {@code millis} after its command, PIPELINING offered. */
    static SlowSmtpSink networkHop(long millis) throws IOException {
        SlowSmtpSink sink = new SlowSmtpSink(0);
        sink.replyDelayMillis = millis;
        sink.pipelining = true;
        return sink;
    }

    /** A connection beyond {@code max} open at once is greeted with {@code reply} and closed. */
    SlowSmtpSink limitConnections(int max, String reply) {
        maxConnections = max;
        connectionReply = reply;
        pipelining = true;
        return this;
    }

    /** At most {@code perSecond} messages a second, bursts of {@code burst}; the rest answered {@code reply}. */
    synchronized SlowSmtpSink limitRate(double perSecond, double burst, boolean atMailFrom, String reply) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
        this.refilledAt = System.nanoTime();
        this.rateAtMailFrom = atMailFrom;
        this.rateReply = reply;
        pipelining = true;
        return this;
    }

    long replies() {
        return replies.get();
    }

    long temporaryReplies() {
        return temporary.get();
    }

    /** The most messages that arrived within any one second. */
    int mostInAnySecond() {
        java.util.List<Long> t = sortedArrivals();
        int most = 0;
        for (int first = 0, last = 0; last < t.size(); last++) {
            while (t.get(last) - t.get(first) >= 1_000_000_000L) {
                first++;
            }
            most = Math.max(most, last - first + 1);
        }
        return most;
    }

    /** Messages a second from the first arrival to the last. */
    double arrivalRate() {
        java.util.List<Long> t = sortedArrivals();
        return t.size() < 2 ? 0 : (t.size() - 1) / ((t.get(t.size() - 1) - t.get(0)) / 1e9);
    }

    private java.util.List<Long> sortedArrivals() {
        java.util.List<Long> t;
        synchronized (arrivals) {
            t = new java.util.ArrayList<>(arrivals);
        }
        java.util.Collections.sort(t);
        return t;
    }

    private synchronized boolean takeToken() {
        if (perSecond <= 0) {
            return true;
        }
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * perSecond);
        refilledAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    int port() {
        return server.getLocalPort();
    }

    long messages() {
        return messages.get();
    }

    long duplicates() {
        return duplicates.get();
    }

    long connections() {
        return connections.get();
    }

    long maxConcurrentConnections() {
        return maxConcurrent.get();
    }

    void reset() {
        resetMessages();
        connections.set(0);
        maxConcurrent.set(open.get());
    }

    /** Forgets the messages (and Message-IDs) received so far, keeping the connection counts. */
    void resetMessages() {
        messageIds.clear();
        messages.set(0);
        duplicates.set(0);
        arrivals.clear();
        replies.set(0);
        temporary.set(0);
    }

    private void accept() {
        while (running) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                if (open.incrementAndGet() > maxConnections) {
                    open.decrementAndGet();
                    refuse(s);
                    continue;
                }
                maxConcurrent.accumulateAndGet(open.get(), Math::max);
                Thread t = new Thread(() -> serve(s), "slow-sink");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (running) {
                    System.err.println("slow sink: " + e.getMessage());
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream(), 65536);
             OutputStream out = socket.getOutputStream()) {
            socket.setTcpNoDelay(true);
            reply(out, "220 slow-sink ESMTP");
            boolean mail = false;
            for (String line = readLine(in); line != null; line = readLine(in)) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
                switch (verb) {
                    case "EHLO" -> reply(out, pipelining ? "250-slow-sink\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SIZE 52428800"
                            : "250-slow-sink\r\n250-8BITMIME\r\n250 SIZE 52428800");
                    case "HELO", "RSET", "NOOP" -> reply(out, "250 ok");
                    case "MAIL" -> {
                        mail = !rateAtMailFrom || takeToken();
                        reply(out, mail ? "250 ok" : rateReply);
                    }
                    case "RCPT" -> reply(out, mail ? "250 ok" : "503 5.5.1 Error: need MAIL command");
                    case "DATA" -> {
                        if (!mail) {
                            reply(out, "503 5.5.1 Error: need RCPT command");
                            continue;
                        }
                        mail = false;
                        reply(out, "354 go ahead");
                        String messageId = readMessage(in);
                        Thread.sleep(delayMillis);
                        if (!rateAtMailFrom && !takeToken()) {
                            reply(out, rateReply);
                            continue;
                        }
                        record(messageId);
                        reply(out, "250 queued");
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "502 not implemented");
                }
            }
        } catch (IOException e) {
            // The client went away; nothing to do.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.decrementAndGet();
        }
    }

    private void record(String messageId) {
        arrivals.add(System.nanoTime());
        messages.incrementAndGet();
        if (messageId != null && !messageIds.add(messageId)) {
            duplicates.incrementAndGet();
        }
    }

    /** Reads up to the lone "." and returns the Message-ID header's value. */
    private static String readMessage(InputStream in) throws IOException {
        String messageId = null;
        boolean headers = true;
        for (String line = readLine(in); line != null; line = readLine(in)) {
            if (line.equals(".")) {
                return messageId;
            }
            if (headers) {
                if (line.isEmpty()) {
                    headers = false;
                } else if (line.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                    messageId = line.substring(11).trim();
                }
            }
        }
        throw new IOException("connection closed inside DATA");
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    private void refuse(Socket s) {
        try (s; OutputStream out = s.getOutputStream()) {
            replies.incrementAndGet();
            temporary.incrementAndGet();
            out.write((connectionReply + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            // The client went away.
        }
    }

    /**
     * Answers now, or {@code replyDelayMillis} after the command arrived: the replies go out in
     * order from one scheduler thread while the connection's thread reads on, as over a network
     * where the delay is the distance and not the relay's work.
     */
    private void reply(OutputStream out, String text) throws IOException {
        replies.incrementAndGet();
        if (text.startsWith("4")) {
            temporary.incrementAndGet();
        }
        byte[] bytes = (text + "\r\n").getBytes(StandardCharsets.US_ASCII);
        if (replyDelayMillis <= 0) {
            out.write(bytes);
            out.flush();
            return;
        }
        later.schedule(() -> {
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                // The client went away.
            }
        }, replyDelayMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws IOException {
        running = false;
        later.shutdownNow();
        server.close();
    }
}
