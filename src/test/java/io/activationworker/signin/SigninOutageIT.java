package io.activationworker.signin;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.testing.Browser;
import io.activationworker.testing.BulkFeed;
import io.activationworker.testing.Mails;
import io.activationworker.testing.Poll;
import io.activationworker.testing.RawHttp;
import io.activationworker.testing.StoppablePostgres;
import io.activationworker.testing.TestApp;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A thousand sign-in requests with PostgreSQL stopped hard halfway: every request answered
 * "a link is on its way" gets its link by email after recovery; the others get the 503 page.
 * Each administrator asks five times from an address of their own, which the sign-in limit
 * (5 per address and per email in 15 minutes) allows, so every stored request is owed a mail.
 */
class SigninOutageIT {

    private static final int ADMINISTRATORS = 200;
    private static final int REQUESTS_EACH = 5;
    private static final Duration WAIT = Duration.ofSeconds(120);

    @RegisterExtension
    final StoppablePostgres postgres = new StoppablePostgres();
    private TestApp app;

    @BeforeEach
    void start() {
        app = TestApp.start(Map.of(
                "db.url", postgres.newDatabaseUrl("activation"),
                "http.threads", "8",
                "worker.retry-base-ms", "200"), Clock.systemUTC(), true, true);
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void every_request_answered_sent_has_its_link_delivered_after_the_outage() throws Exception {
        app.importFeed("bulk.yaml", BulkFeed.yaml("bulk", 1, ADMINISTRATORS));
        Browser browser = new Browser(app.baseUrl);
        browser.get("/signin");
        String csrf = browser.formToken().orElseThrow(); // bound to the browser's pre-session cookie
        String cookies = browser.cookieHeader();
        int port = URI.create(app.baseUrl).getPort();

        Map<Integer, AtomicInteger> answeredSent = new ConcurrentHashMap<>();
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger unavailable = new AtomicInteger();
        List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int round = 0; round < REQUESTS_EACH; round++) {
            for (int n = 1; n <= ADMINISTRATORS; n++) {
                int admin = n;
                done.add(clients.submit(() -> {
                    RawHttp.Response r = RawHttp.sendFrom(clientAddress(admin), port, signinPost(csrf, cookies, admin));
                    if (r.status() == 200 && r.body().contains("a sign-in link is on its way")) {
                        answeredSent.computeIfAbsent(admin, a -> new AtomicInteger()).incrementAndGet();
                    } else if (r.status() == 503 && r.body().contains("Temporarily unavailable")
                            && r.header("Retry-After") != null) {
                        unavailable.incrementAndGet();
                    } else {
                        unexpected.add(r.status() + " " + r.body());
                    }
                    answered.incrementAndGet();
                    return null;
                }));
            }
        }
        Poll.until(WAIT, "half the requests answered", () -> answered.get() >= ADMINISTRATORS * REQUESTS_EACH / 2);
        postgres.stopImmediately();
        Poll.until(WAIT, "requests answered 503 during the outage", () -> unavailable.get() >= 20);
        postgres.startAgain();
        for (Future<?> f : done) {
            f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        clients.shutdown();

        assertThat(unexpected).as("answers other than 'sent' and the 503 page").isEmpty();
        int sent = answeredSent.values().stream().mapToInt(AtomicInteger::get).sum();
        assertThat(sent).as("requests answered 'sent'").isGreaterThanOrEqualTo(ADMINISTRATORS * REQUESTS_EACH / 2);
        assertThat(sent + unavailable.get()).isEqualTo(ADMINISTRATORS * REQUESTS_EACH);
        Poll.until(WAIT, "every queued email sent",
                () -> app.count("select count(*) from outbox_message where state <> 'sent'") == 0);
        Poll.until(WAIT, "every sign-in email received", () -> signinMails() >= sent);

        Map<String, Integer> received = new ConcurrentHashMap<>();
        for (MimeMessage m : app.smtp.getReceivedMessages()) {
            if (Mails.text(m).contains(app.baseUrl + "/signin/")) {
                received.merge(address(m), 1, Integer::sum);
            }
        }
        answeredSent.forEach((admin, count) -> assertThat(received.getOrDefault(BulkFeed.email(admin), 0))
                .as("sign-in emails to administrator " + admin + ", who was told " + count + " times that one is on its way")
                .isGreaterThanOrEqualTo(count.get()));
    }

    private long signinMails() {
        return java.util.Arrays.stream(app.smtp.getReceivedMessages())
                .filter(m -> Mails.text(m).contains(app.baseUrl + "/signin/")).count();
    }

    private static String address(MimeMessage m) {
        try {
            return ((jakarta.mail.internet.InternetAddress) m.getRecipients(jakarta.mail.Message.RecipientType.TO)[0])
                    .getAddress();
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        }
    }

    private static InetAddress clientAddress(int admin) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 1, (byte) admin});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] signinPost(String csrf, String cookies, int admin) {
        String body = "csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8)
                + "&email=" + URLEncoder.encode(BulkFeed.email(admin), StandardCharsets.UTF_8);
        URI base = URI.create(app.baseUrl);
        return ("POST /signin HTTP/1.1\r\nHost: " + base.getRawAuthority() + "\r\n"
                + "Origin: " + app.baseUrl + "\r\nCookie: " + cookies + "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n"
                + body).getBytes(StandardCharsets.UTF_8);
    }
}
