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
    }

    private void accept() {
        while (running) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                maxConcurrent.accumulateAndGet(open.incrementAndGet(), Math::max);
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
            for (String line = readLine(in); line != null; line = readLine(in)) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
                switch (verb) {
                    case "EHLO" -> reply(out, "250-slow-sink\r\n250-8BITMIME\r\n250 SIZE 52428800");
                    case "HELO", "MAIL", "RCPT", "RSET", "NOOP" -> reply(out, "250 ok");
                    case "DATA" -> {
                        reply(out, "354 go ahead");
                        String messageId = readMessage(in);
                        Thread.sleep(delayMillis);
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

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        running = false;
        server.close();
    }
}
