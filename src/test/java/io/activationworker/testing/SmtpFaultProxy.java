package io.activationworker.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback in front of a real SMTP server (GreenMail) that injects what a relay
 * does on a bad day: refuses connections, greets with 421, answers RCPT with 450 or (for chosen
 * addresses) 550, cuts the connection after the server accepted a message but before its 250
 * reaches the sender, or answers the end of DATA slowly. Faults can be switched while mail flows.
 * The proxy writes down every recipient tried and every message handed to the server.
 */
public final class SmtpFaultProxy implements AutoCloseable {

    public enum Fault {
        /** Everything passes through. */
        NONE,
        /** Nothing listens on the port: "connection refused". */
        REFUSE,
        /** Each new connection is greeted with 421 and closed. */
        GREETING_421,
        /** Each RCPT TO is answered 450 (try again later). */
        RECIPIENT_450,
        /** The server receives the whole message, then the connection is cut before its answer gets back. */
        DROP_AFTER_DATA
    }

    /** A message the proxy handed to the server (the server has it from then on). */
    public record Handoff(String messageId, Instant at) {
    }

    /** A RCPT TO the proxy saw, and the code the proxy itself answered (0: passed on to the server). */
    public record RecipientTry(String address, Instant at, int code) {
    }

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final int upstreamPort;
    private final int port;
    private final Set<String> rejected = ConcurrentHashMap.newKeySet();
    private final List<Handoff> handoffs = new CopyOnWriteArrayList<>();
    private final List<RecipientTry> recipientTries = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "smtp-fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private volatile Fault fault = Fault.NONE;
    private volatile Duration dataReplyDelay = Duration.ZERO;
    private ServerSocket listener;

    public SmtpFaultProxy(int upstreamPort) {
        this.upstreamPort = upstreamPort;
        this.port = FreePort.pick(); // not port 0: after REFUSE it must listen again on the same port
        listen();
    }

    public int port() {
        return port;
    }

    /**
     * Switches the fault. Going to REFUSE or GREETING_421 also cuts open connections, as a relay
     * restarting in that state would, so a sender's reused connection meets the fault at once.
     */
    public synchronized void fault(Fault next) {
        fault = next;
        if (next == Fault.REFUSE || next == Fault.GREETING_421) {
            cutOpenConnections();
        }
        if (next == Fault.REFUSE) {
            stopListening();
        } else if (listener == null) {
            listen();
        }
    }

    /** Cuts every open connection, as a relay does with connections idle past its timeout. */
    public void cutConnections() {
        cutOpenConnections();
    }

    /** RCPT TO this address is answered 550 from now on, whatever the fault. */
    public void rejectRecipient(String address) {
        rejected.add(address.toLowerCase(Locale.ROOT));
    }

    /** The answer to the end of DATA is held back this long (the message reaches the server at once). */
    public void delayDataReply(Duration delay) {
        dataReplyDelay = delay;
    }

    public List<Handoff> handoffs() {
        return List.copyOf(handoffs);
    }

    public List<RecipientTry> recipientTries() {
        return List.copyOf(recipientTries);
    }

    public int connections() {
        return connections.get();
    }

    @Override
    public synchronized void close() {
        stopListening();
        cutOpenConnections();
        threads.shutdownNow();
    }

    private synchronized void listen() {
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(LOOPBACK, port), 50);
            listener = s;
            threads.execute(() -> accept(s));
        } catch (IOException e) {
            throw new UncheckedIOException("the SMTP proxy cannot listen on " + port, e);
        }
    }

    private synchronized void stopListening() {
        if (listener != null) {
            closeQuietly(listener);
            listener = null;
        }
    }

    private void cutOpenConnections() {
        open.forEach(SmtpFaultProxy::closeQuietly);
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                return; // closed: REFUSE or close()
            }
        }
    }

    private void serve(Socket client) {
        connections.incrementAndGet();
        open.add(client);
        try (client) {
            if (fault == Fault.GREETING_421) {
                OutputStream out = client.getOutputStream();
                out.write("421 4.3.2 Service shutting down, try again later\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return;
            }
            try (Socket server = new Socket()) {
                server.connect(new InetSocketAddress(LOOPBACK, upstreamPort), 5_000);
                open.add(server);
                Connection c = new Connection(client, server);
                threads.execute(c::passReplies);
                c.passCommands();
            }
        } catch (IOException e) {
            // A cut connection is what some faults are made of; the sender sees it, that is enough.
        } finally {
            open.remove(client);
        }
    }

    /** One sender connection and its connection to the server. */
    private final class Connection {
        private final Socket client;
        private final Socket server;
        private final OutputStream toClient;
        private final OutputStream toServer;
        private final AtomicBoolean awaitingDataReply = new AtomicBoolean();

        Connection(Socket client, Socket server) throws IOException {
            this.client = client;
            this.server = server;
            this.toClient = client.getOutputStream();
            this.toServer = server.getOutputStream();
        }

        void passCommands() throws IOException {
            InputStream in = new BufferedInputStream(client.getInputStream());
            boolean inData = false;
            boolean inHeaders = false;
            String messageId = null;
            byte[] line;
            while ((line = readLine(in)) != null) {
                String text = new String(line, StandardCharsets.ISO_8859_1).stripTrailing();
                if (inData) {
                    if (text.equals(".")) {
                        inData = false;
                        awaitingDataReply.set(true);
                        toServer.write(line);
                        toServer.flush();
                        handoffs.add(new Handoff(messageId, Instant.now()));
                        continue;
                    }
                    if (inHeaders && text.isEmpty()) {
                        inHeaders = false;
                    } else if (inHeaders && text.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                        messageId = text.substring(11).trim();
                    }
                    toServer.write(line);
                    continue;
                }
                String upper = text.toUpperCase(Locale.ROOT);
                if (upper.startsWith("RCPT TO:")) {
                    String address = address(text);
                    if (rejected.contains(address)) {
                        recipientTries.add(new RecipientTry(address, Instant.now(), 550));
                        answer("550 5.1.1 <" + address + ">: Recipient address rejected: User unknown");
                        continue;
                    }
                    if (fault == Fault.RECIPIENT_450) {
                        recipientTries.add(new RecipientTry(address, Instant.now(), 450));
                        answer("450 4.2.1 <" + address + ">: Mailbox busy, try again later");
                        continue;
                    }
                    recipientTries.add(new RecipientTry(address, Instant.now(), 0));
                } else if (upper.equals("DATA")) {
                    inData = true;
                    inHeaders = true;
                    messageId = null;
                }
                toServer.write(line);
                toServer.flush();
            }
        }

        void passReplies() {
            try {
                InputStream in = server.getInputStream();
                byte[] buffer = new byte[8192];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    if (awaitingDataReply.getAndSet(false)) {
                        hold(dataReplyDelay);
                        if (fault == Fault.DROP_AFTER_DATA) {
                            return; // the server has the message; the sender never hears so
                        }
                    }
                    synchronized (this) {
                        toClient.write(buffer, 0, n);
                        toClient.flush();
                    }
                }
            } catch (IOException e) {
                // Either side went away.
            } finally {
                closeQuietly(client);
                closeQuietly(server);
            }
        }

        private void answer(String reply) throws IOException {
            synchronized (this) {
                toClient.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
                toClient.flush();
            }
        }
    }

    private static String address(String rcptLine) {
        int open = rcptLine.indexOf('<');
        int close = rcptLine.indexOf('>', open + 1);
        String address = open >= 0 && close > open ? rcptLine.substring(open + 1, close) : rcptLine.substring(8).trim();
        return address.toLowerCase(Locale.ROOT);
    }

    /** One line including its CRLF, or null at the end of the stream. */
    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) >= 0) {
            line.write(b);
            if (b == '\n') {
                return line.toByteArray();
            }
        }
        return line.size() == 0 ? null : line.toByteArray();
    }

    /** Simulates a slow relay; this is the fault, not a wait for a test condition. */
    private static void hold(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // Already gone.
        }
    }
}
