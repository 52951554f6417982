package io.activationworker.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An SMTP relay on loopback that limits its senders the way real relays do, answering with their
 * words: too many concurrent connections ({@code 432 4.3.2} like Exchange Online, {@code 421 4.7.0}
 * like Postfix, on the greeting) and too many messages (a token bucket; {@code 454} after DATA like
 * Amazon SES, {@code 450 4.7.1} to MAIL FROM like Postfix). It offers PIPELINING and answers
 * pipelined commands in order. It keeps every accepted message's arrival time and Message-ID, and
 * counts the commands it answered and its 4xx replies.
 */
public final class ThrottlingRelay implements AutoCloseable {

    /** When the message limit answers. */
    public enum Phase { MAIL_FROM, END_OF_DATA }

    private final ServerSocket server;
    private volatile int maxConnections = Integer.MAX_VALUE;
    private volatile String connectionReply = "";
    private volatile double perSecond;
    private volatile double burst;
    private volatile Phase phase = Phase.END_OF_DATA;
    private volatile String rateReply = "";
    private volatile long dataDelayMillis;
    private double tokens;
    private long refilledAt;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();
    private final AtomicLong commands = new AtomicLong();
    private final AtomicLong temporary = new AtomicLong();
    private final List<Long> arrivals = new CopyOnWriteArrayList<>();
    private final Set<String> messageIds = ConcurrentHashMap.newKeySet();
    private final AtomicLong duplicates = new AtomicLong();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;

    public ThrottlingRelay() {
        try {
            server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Thread t = new Thread(this::accept, "throttling-relay");
        t.setDaemon(true);
        t.start();
    }

    /** A connection beyond {@code max} open at once is greeted with {@code reply} and closed. */
    public ThrottlingRelay limitConnections(int max, String reply) {
        this.maxConnections = max;
        this.connectionReply = reply;
        return this;
    }

    /** At most {@code perSecond} messages a second (bursts of {@code burst}); the rest get {@code reply}. */
    public synchronized ThrottlingRelay limitRate(double perSecond, double burst, Phase phase, String reply) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
        this.refilledAt = System.nanoTime();
        this.phase = phase;
        this.rateReply = reply;
        return this;
    }

    /** Answers each message's end of DATA after this long (a relay that stores and scans), so connections matter. */
    public ThrottlingRelay delayEndOfData(long millis) {
        this.dataDelayMillis = millis;
        return this;
    }

    public int port() {
        return server.getLocalPort();
    }

    public int messages() {
        return arrivals.size();
    }

    public long duplicates() {
        return duplicates.get();
    }

    /** Every command answered, the greeting included. */
    public long commands() {
        return commands.get();
    }

    public long temporaryReplies() {
        return temporary.get();
    }

    public int maxOpenConnections() {
        return maxOpen.get();
    }

    /** Arrival times of the accepted messages, on {@link System#nanoTime()}, in order. */
    public List<Long> arrivals() {
        List<Long> sorted = new ArrayList<>(arrivals);
        Collections.sort(sorted);
        return sorted;
    }

    /** The most messages accepted within any one second. */
    public int mostInAnySecond() {
        List<Long> t = arrivals();
        int most = 0;
        for (int first = 0, last = 0; last < t.size(); last++) {
            while (t.get(last) - t.get(first) >= 1_000_000_000L) {
                first++;
            }
            most = Math.max(most, last - first + 1);
        }
        return most;
    }

    /** Every arrival in ms after the first, for a failure message. */
    public String timeline() {
        List<Long> t = arrivals();
        StringBuilder s = new StringBuilder();
        for (long at : t) {
            s.append((at - t.get(0)) / 1_000_000).append(' ');
        }
        return s.toString().trim();
    }

    /** The arrivals (ms after the first) of the busiest second, for a failure message. */
    public String busiestSecond() {
        List<Long> t = arrivals();
        int bestFirst = 0;
        int most = 0;
        for (int first = 0, last = 0; last < t.size(); last++) {
            while (t.get(last) - t.get(first) >= 1_000_000_000L) {
                first++;
            }
            if (last - first + 1 > most) {
                most = last - first + 1;
                bestFirst = first;
            }
        }
        StringBuilder s = new StringBuilder();
        for (int i = bestFirst; i < bestFirst + most; i++) {
            s.append((t.get(i) - t.get(0)) / 1_000_000).append(' ');
        }
        return s.toString().trim();
    }

    /** Messages a second between the first and the last accepted message. */
    public double achievedRate() {
        List<Long> t = arrivals();
        return t.size() < 2 ? 0 : (t.size() - 1) / ((t.get(t.size() - 1) - t.get(0)) / 1e9);
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

    private void accept() {
        while (running) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "throttling-relay-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        sockets.add(socket);
        int now = open.incrementAndGet();
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream());
             OutputStream out = socket.getOutputStream()) {
            if (now > maxConnections) {
                reply(out, connectionReply);
                return;
            }
            maxOpen.accumulateAndGet(now, Math::max);
            reply(out, "220 throttling-relay ESMTP");
            boolean mail = false;
            for (String line = readLine(in); line != null; line = readLine(in)) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
                switch (verb) {
                    case "EHLO" -> reply(out, "250-throttling-relay\r\n250-PIPELINING\r\n250 8BITMIME");
                    case "HELO", "NOOP" -> reply(out, "250 ok");
                    case "RSET" -> {
                        mail = false;
                        reply(out, "250 ok");
                    }
                    case "MAIL" -> {
                        if (phase == Phase.MAIL_FROM && !takeToken()) {
                            reply(out, rateReply);
                        } else {
                            mail = true;
                            reply(out, "250 ok");
                        }
                    }
                    case "RCPT" -> reply(out, mail ? "250 ok" : "503 5.5.1 Error: need MAIL command");
                    case "DATA" -> {
                        if (!mail) {
                            reply(out, "503 5.5.1 Error: need RCPT command");
                            continue;
                        }
                        reply(out, "354 go ahead");
                        String messageId = readMessage(in);
                        mail = false;
                        pause(dataDelayMillis);
                        if (phase == Phase.END_OF_DATA && !takeToken()) {
                            reply(out, rateReply);
                        } else {
                            arrivals.add(System.nanoTime());
                            if (messageId != null && !messageIds.add(messageId)) {
                                duplicates.incrementAndGet();
                            }
                            reply(out, "250 2.0.0 queued");
                        }
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "502 5.5.2 not implemented");
                }
            }
        } catch (IOException e) {
            // The sender went away.
        } finally {
            open.decrementAndGet();
            sockets.remove(socket);
        }
    }

    private static void pause(long millis) throws IOException {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    private void reply(OutputStream out, String text) throws IOException {
        commands.incrementAndGet();
        if (text.startsWith("4")) {
            temporary.incrementAndGet();
        }
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String readMessage(InputStream in) throws IOException {
        String messageId = null;
        boolean headers = true;
        for (String line = readLine(in); line != null; line = readLine(in)) {
            if (line.equals(".")) {
                return messageId;
            }
            if (headers && line.isEmpty()) {
                headers = false;
            } else if (headers && line.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                messageId = line.substring(11).trim();
            }
        }
        throw new IOException("connection closed inside DATA");
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        running = false;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
