package io.activationworker.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.testing.AppProcess;
import io.activationworker.testing.Feeds;
import io.activationworker.testing.Mails;
import io.activationworker.testing.ProcessConfig;
import io.activationworker.testing.ProcessExtension;
import io.activationworker.testing.RelayExtension;
import io.activationworker.testing.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The product's jar, run as a process (`run`, default web settings except a 5 s idle timeout),
 * attacked over raw sockets the way slowloris-style tools do, while a probe keeps asking for
 * {@code /healthz} and a real activation page. The probe must be answered within 1 s every time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileClientsIT {

    private static final Duration PROBE_LIMIT = Duration.ofSeconds(1);
    /** The default header-read deadline plus a margin for a loaded machine (the sweep runs every 0.5 s). */
    private static final Duration CLOSED_WITHIN = Duration.ofSeconds(10 + 4);

    /** Static: one relay and one process for the whole class. */
    @RegisterExtension
    static final RelayExtension relay = new RelayExtension();
    @RegisterExtension
    static final ProcessExtension processes = new ProcessExtension();

    private AppProcess app;
    private int port;
    private String activationPath;

    @BeforeAll
    void start() throws Exception {
        ProcessConfig config = ProcessConfig.write(relay.port(), Map.of("http.idle-timeout-seconds", "5"));
        Files.writeString(config.feedDir().resolve("northwind.yaml"), Feeds.standard());
        app = processes.startAndAwait("hostile-clients", config.file, Duration.ofSeconds(60), "run");
        assertThat(relay.greenMail().waitForIncomingEmail(60_000, 1)).as("the activation email").isTrue();
        String link = Mails.link(relay.received().get(0), config.baseUrl() + "/activate/");
        activationPath = URI.create(link).getRawPath();
        port = URI.create(config.baseUrl()).getPort();
        for (int i = 0; i < 20; i++) { // warm up: the probe measures the server, not its first compilations
            probe();
        }
    }


    @Test
    void slow_header_senders_and_stalled_request_lines_neither_delay_other_requests_nor_stay_connected() throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        ExecutorService attackers = Executors.newFixedThreadPool(250);
        List<Future<List<Duration>>> lifetimes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            lifetimes.add(attackers.submit(() -> oneByteASecond(end)));
        }
        for (int i = 0; i < 50; i++) {
            lifetimes.add(attackers.submit(() -> partialRequestLine(end)));
        }
        List<Duration> probes = probeUntil(end);
        attackers.shutdown();
        assertThat(attackers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        assertThat(Collections.max(probes)).as("slowest of %d probes", probes.size()).isLessThan(PROBE_LIMIT);
        List<Duration> all = new ArrayList<>();
        for (Future<List<Duration>> f : lifetimes) {
            all.addAll(f.get());
        }
        // Every stalled connection was closed by the server (each attacker reconnects and goes on).
        assertThat(all).hasSizeGreaterThanOrEqualTo(250).allSatisfy(d -> assertThat(d).isLessThan(CLOSED_WITHIN));
        assertThat(app.alive()).isTrue();
    }

    @Test
    void a_huge_header_and_huge_bodies_are_refused_at_once_and_the_heap_stays_as_it_was() throws Exception {
        long heapBefore = liveHeapBytes();
        ExecutorService senders = Executors.newFixedThreadPool(3);
        try {
            long started = System.nanoTime();
            Future<String> header = senders.submit(() -> refusal("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ",
                    1024 * 1024, "\r\n\r\n"));
            Future<String> plain = senders.submit(() -> refusal("POST /signin HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + 200L * 1024 * 1024
                    + "\r\n\r\nemail=", 200 * 1024 * 1024, ""));
            Future<String> chunked = senders.submit(() -> chunkedRefusal(200 * 1024 * 1024));
            List<Duration> probes = probeUntil(System.nanoTime() + Duration.ofSeconds(5).toNanos());

            assertThat(header.get(30, TimeUnit.SECONDS)).startsWith("HTTP/1.1 431");
            assertThat(plain.get(30, TimeUnit.SECONDS)).startsWith("HTTP/1.1 413");
            assertThat(chunked.get(30, TimeUnit.SECONDS)).startsWith("HTTP/1.1 413");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
            assertThat(Collections.max(probes)).isLessThan(PROBE_LIMIT);
        } finally {
            senders.shutdownNow();
        }
        assertThat(liveHeapBytes()).isLessThan(heapBefore + 16L * 1024 * 1024);
        assertThat(app.alive()).isTrue();
    }

    @Test
    void ten_thousand_idle_keep_alive_connections_leave_other_requests_alone_and_are_closed_by_the_idle_timeout()
            throws Exception {
        long heapBefore = liveHeapBytes();
        List<Socket> idle = new ArrayList<>();
        try {
            byte[] request = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 10_000; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                idle.add(s);
                s.getOutputStream().write(request);
            }
            for (Socket s : idle) {
                s.setSoTimeout(30_000);
                assertThat(readResponseHead(s.getInputStream())).startsWith("HTTP/1.1 200");
            }
            // All 10,000 now sit idle, kept alive; the server must still answer everyone else at once.
            List<Duration> probes = probeUntil(System.nanoTime() + Duration.ofSeconds(3).toNanos());
            assertThat(Collections.max(probes)).isLessThan(PROBE_LIMIT);
            long heapWithIdleConnections = liveHeapBytes();

            long waitingSince = System.nanoTime();
            for (Socket s : idle) {
                s.setSoTimeout(20_000);
                assertThat(s.getInputStream().read()).as("closed by the server").isEqualTo(-1);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - waitingSince)).isLessThan(Duration.ofSeconds(20));
            assertThat(heapWithIdleConnections).as("live heap with 10,000 idle connections")
                    .isLessThan(heapBefore + 64L * 1024 * 1024);
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
        assertThat(liveHeapBytes()).isLessThan(heapBefore + 16L * 1024 * 1024);
        assertThat(probe()).isLessThan(PROBE_LIMIT);
    }

    /** Sends a header byte a second on one connection after another; returns how long each lived. */
    private List<Duration> oneByteASecond(long end) {
        List<Duration> lifetimes = new ArrayList<>();
        byte[] request = ("GET " + activationPath + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow\r\n"
                + "X-Padding: " + "a".repeat(200) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        while (System.nanoTime() < end) {
            long opened = System.nanoTime();
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(1000);
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                for (int i = 0; i < request.length && System.nanoTime() < end; i++) {
                    out.write(request[i]);
                    out.flush();
                    if (closedWithin(in)) {
                        break;
                    }
                }
                if (System.nanoTime() < end) {
                    lifetimes.add(Duration.ofNanos(System.nanoTime() - opened));
                }
            } catch (IOException e) {
                lifetimes.add(Duration.ofNanos(System.nanoTime() - opened));
            }
        }
        return lifetimes;
    }

    /** Sends the start of a request line, then nothing; returns how long each connection lived. */
    private List<Duration> partialRequestLine(long end) {
        List<Duration> lifetimes = new ArrayList<>();
        while (System.nanoTime() < end) {
            long opened = System.nanoTime();
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(1000);
                s.getOutputStream().write("GET /activ".getBytes(StandardCharsets.US_ASCII));
                while (System.nanoTime() < end && !closedWithin(s.getInputStream())) {
                    // keep waiting, a second at a time, until the server gives up on us
                }
                if (System.nanoTime() < end) {
                    lifetimes.add(Duration.ofNanos(System.nanoTime() - opened));
                }
            } catch (IOException e) {
                lifetimes.add(Duration.ofNanos(System.nanoTime() - opened));
            }
        }
        return lifetimes;
    }

    /** Waits up to the socket's timeout (1 s): true when the server closed the connection or answered. */
    private static boolean closedWithin(InputStream in) throws IOException {
        try {
            in.read(); // a byte (an error answer) or the end of the stream: either way the server is done with us
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /** Sends a prefix, then streams filler while reading the answer; returns its status line. */
    private String refusal(String prefix, long fillerBytes, String suffix) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(prefix.getBytes(StandardCharsets.US_ASCII));
            Thread writer = new Thread(() -> {
                byte[] filler = new byte[64 * 1024];
                java.util.Arrays.fill(filler, (byte) 'a');
                try {
                    for (long sent = 0; sent < fillerBytes; sent += filler.length) {
                        out.write(filler);
                    }
                    out.write(suffix.getBytes(StandardCharsets.US_ASCII));
                } catch (IOException closedByServer) {
                    // expected: the server stops reading once it has refused
                }
            });
            writer.setDaemon(true);
            writer.start();
            return readResponseHead(s.getInputStream());
        }
    }

    private String chunkedRefusal(long bodyBytes) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            // With the sign-in page's pre-session cookie, so the form is read (and refused as it grows).
            String preSession = RawHttp.send(port, "GET /signin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .header("Set-Cookie").split(";", 2)[0];
            out.write(("POST /signin HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + "Cookie: " + preSession + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            Thread writer = new Thread(() -> {
                byte[] chunk = ("10000\r\n" + "a".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                try {
                    for (long sent = 0; sent < bodyBytes; sent += 0x10000) {
                        out.write(chunk);
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException closedByServer) {
                    // expected
                }
            });
            writer.setDaemon(true);
            writer.start();
            return readResponseHead(s.getInputStream());
        }
    }

    /** The status line and headers of one response, and its body when it has a Content-Length. */
    private static String readResponseHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        try {
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.append((char) b);
            }
        } catch (SocketException reset) {
            head.append("(reset)");
        }
        Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        if (length.find()) {
            in.readNBytes(Integer.parseInt(length.group(1)));
        }
        return head.toString();
    }

    private List<Duration> probeUntil(long end) {
        List<Duration> times = new ArrayList<>();
        while (System.nanoTime() < end) {
            times.add(probe());
        }
        return times;
    }

    /** One GET /healthz and one GET of the real activation page; the slower of the two. */
    private Duration probe() {
        long started = System.nanoTime();
        RawHttp.Response health = RawHttp.send(port, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        Duration healthTime = Duration.ofNanos(System.nanoTime() - started);
        started = System.nanoTime();
        RawHttp.Response page = RawHttp.send(port, "GET " + activationPath + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: close\r\n\r\n");
        Duration pageTime = Duration.ofNanos(System.nanoTime() - started);
        assertThat(health.status()).isEqualTo(200);
        assertThat(page.status()).isEqualTo(200);
        return healthTime.compareTo(pageTime) > 0 ? healthTime : pageTime;
    }

    /** The product process's heap in use right after a full collection (jcmd GC.run, GC.heap_info). */
    private long liveHeapBytes() throws Exception {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher used = Pattern.compile("total \\d+K, used (\\d+)K").matcher(info);
        assertThat(used.find()).as("heap info: " + info).isTrue();
        return Long.parseLong(used.group(1)) * 1024;
    }

    private String jcmd(String command) throws Exception {
        Process p = new ProcessBuilder("jcmd", Long.toString(app.pid()), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
