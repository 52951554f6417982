package io.activationworker.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.testing.Poll;
import io.activationworker.testing.RawHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real web server (Jetty with our routing) on loopback, answering what no browser sends:
 * methods a route does not serve, TRACE, oversized URIs, headers and bodies, malformed requests.
 * Every answer is our page with our security headers, never Jetty's text or a server banner.
 */
class WebEdgeIT {

    private WebServer server;
    private int port;
    /** Filled by the server's threads after each response is sent, so read it with {@link Poll}. */
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        List<Route> routes = List.of(
                Route.get("/healthz", (req, m) -> WebResponse.text(200, "text/plain; charset=utf-8", "ok\n")),
                Route.get("/activate/(?<token>[^/]*)", (req, m) -> WebResponse.html(200, "page " + m.group(1).length())),
                Route.post("/activate/(?<token>[^/]*)", (req, m) ->
                        WebResponse.html(200, "form " + req.form("accept").orElse("-"))));
        server = new WebServer(WebSettings.defaults("127.0.0.1", 0, 4, false), routes, List.of(),
                new ErrorPages(new PageRenderer(Path.of("templates"))),
                (method, route, status, nanos) -> seen.add(method + " " + route + " " + status));
        server.start();
        port = server.port();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void a_method_the_route_does_not_serve_gets_405_with_allow_and_trace_never_echoes() {
        RawHttp.Response put = send("PUT /activate/abc HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        assertThat(put.status()).isEqualTo(405);
        assertThat(put.header("Allow")).isEqualTo("GET, POST, HEAD");
        assertOurs(put);

        RawHttp.Response trace = send("TRACE /activate/abc HTTP/1.1\r\nHost: x\r\nX-Secret: echo-me\r\n"
                + "Cookie: session=echo-me-too\r\nConnection: close\r\n\r\n");
        assertThat(trace.status()).isEqualTo(405);
        assertThat(trace.header("Allow")).isEqualTo("GET, POST, HEAD");
        assertThat(trace.body()).doesNotContain("echo-me", "X-Secret", "TRACE");
        assertThat(trace.header("Content-Type")).startsWith("text/html");
        assertOurs(trace);

        RawHttp.Response healthTrace = send("TRACE /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(healthTrace.status()).isEqualTo(405);
        assertThat(healthTrace.header("Allow")).isEqualTo("GET, HEAD");

        assertThat(send("OPTIONS /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").header("Allow"))
                .isEqualTo("GET, HEAD");
        assertThat(send("TRACE /nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status()).isEqualTo(404);
    }

    @Test
    void a_nul_or_traversal_in_a_token_is_a_404_like_any_unknown_page() {
        for (String path : List.of("/activate/%00", "/activate/..%2F..%2Fetc%2Fpasswd", "/activate/../../etc/passwd",
                "/activate/%2e%2e%2f")) {
            RawHttp.Response r = send("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(r.status()).as(path).isIn(200, 404);
            assertOurs(r);
        }
    }

    @Test
    void jettys_own_refusals_carry_our_page_and_headers_and_no_banner() {
        RawHttp.Response bigHeader = send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20 * 1024)
                + "\r\nConnection: close\r\n\r\n");
        assertThat(bigHeader.status()).isEqualTo(431);
        assertOurs(bigHeader);

        RawHttp.Response longUri = send("GET /activate/" + "a".repeat(20 * 1024) + " HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(longUri.status()).isEqualTo(414);
        assertOurs(longUri);

        RawHttp.Response garbage = send("GARBAGE\r\n\r\n");
        assertThat(garbage.status()).isEqualTo(400);
        assertOurs(garbage);
        assertThat(garbage.body()).contains("could not be understood");

        RawHttp.Response twoLengths = send("POST /activate/abc HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n"
                + "Content-Length: 2\r\n\r\nab");
        assertThat(twoLengths.status()).isEqualTo(400);
        assertOurs(twoLengths);
    }

    @Test
    void a_body_larger_than_the_limit_is_refused_with_413_before_it_is_read() {
        RawHttp.Response declared = send("POST /activate/abc HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000000\r\n\r\naccept=yes");
        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.header("Connection")).isEqualTo("close");
        assertOurs(declared);

        String big = "accept=" + "y".repeat(70 * 1024);
        RawHttp.Response chunked = send("POST /activate/abc HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(big.length()) + "\r\n" + big + "\r\n0\r\n\r\n");
        assertThat(chunked.status()).isEqualTo(413);
        assertOurs(chunked);

        RawHttp.Response small = send("POST /activate/abc HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 10\r\nConnection: close\r\n\r\n"
                + "accept=yes");
        assertThat(small.body()).isEqualTo("form yes");
        Poll.until(Duration.ofSeconds(5), "the request log to record the 200 and the 413",
                () -> seen.contains("POST /activate/{token} 200") && seen.contains("POST /activate/{token} 413"));
    }

    private RawHttp.Response send(String request) {
        return RawHttp.send(port, request);
    }

    /** Our page and headers: the security headers, no server banner, no stack text. */
    static void assertOurs(RawHttp.Response r) {
        assertThat(r.header("Content-Security-Policy")).contains("default-src 'none'", "frame-ancestors 'none'");
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(r.header("Server")).isNull();
        assertThat(r.header("X-Powered-By")).isNull();
        assertThat(r.body()).doesNotContainIgnoringCase("jetty").doesNotContain("Exception", "at org.", "at java.");
    }
}
