package io.activationworker.mail;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.activationworker.Roles;
import io.activationworker.testing.Browser;
import io.activationworker.testing.BulkFeed;
import io.activationworker.testing.Feeds;
import io.activationworker.testing.FreePort;
import io.activationworker.testing.Poll;
import io.activationworker.testing.TestApp;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * /dev/mailbox with the embedded SMTP server: served only on a loopback-bound web handler, newest
 * message first, each message at a URL that keeps showing it when more mail arrives.
 */
class DevMailboxIT {

    private TestApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void the_mailbox_lists_newest_first_and_a_message_keeps_its_url_when_mail_arrives_for_others() {
        app = TestApp.start(Map.of("smtp.host", "", "smtp.port", Integer.toString(FreePort.pick())), Clock.systemUTC(),
                true, true);
        Browser browser = new Browser(app.baseUrl);
        app.importFeed("northwind.yaml", Feeds.standard());
        awaitListed(browser, 1);
        app.importFeed("bulk.yaml", BulkFeed.yaml("bulk", 1, 1));
        List<String> two = awaitListed(browser, 2);
        String bramsUrl = two.get(0); // newest first: the bulk agreement's administrator
        String annasUrl = two.get(1);
        assertThat(browser.get(bramsUrl).body()).contains(BulkFeed.email(1));
        assertThat(browser.get(annasUrl).body()).contains("anna@fabrikam.example");

        // More mail for each: whichever mailbox GreenMail lists first, one of these lands in it.
        browser.get("/signin");
        assertThat(browser.post("/signin", Map.of("email", "anna@fabrikam.example")).statusCode()).isEqualTo(200);
        List<String> three = awaitListed(browser, 3);
        browser.get("/signin");
        assertThat(browser.post("/signin", Map.of("email", BulkFeed.email(1))).statusCode()).isEqualTo(200);
        List<String> four = awaitListed(browser, 4);
        assertThat(four.subList(1, 4)).containsExactlyElementsOf(three);
        assertThat(three.subList(1, 3)).containsExactly(bramsUrl, annasUrl);
        assertThat(browser.get(four.get(0)).body()).contains(BulkFeed.email(1), "/signin/");
        assertThat(browser.get(three.get(0)).body()).contains("anna@fabrikam.example", "/signin/");
        assertThat(browser.get(bramsUrl).body()).contains(BulkFeed.email(1), "/activate/").doesNotContain("anna@fabrikam.example");
        assertThat(browser.get(annasUrl).body()).contains("anna@fabrikam.example", "/activate/");
    }

    @Test
    void a_handler_bound_to_every_address_serves_no_mailbox_and_says_why_at_start() {
        Logger roles = (Logger) LoggerFactory.getLogger(Roles.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        roles.addAppender(logged);
        try {
            app = TestApp.start(Map.of("smtp.host", "", "smtp.port", Integer.toString(FreePort.pick()),
                    "http.bind", "0.0.0.0"), Clock.systemUTC(), true, true);
        } finally {
            roles.detachAppender(logged);
        }
        assertThat(logged.list).anySatisfy(e -> assertThat(e.getFormattedMessage())
                .contains("event=dev_mailbox_disabled", "http.bind=0.0.0.0", "not a loopback address"));
        Browser browser = new Browser(app.baseUrl);
        assertThat(browser.get("/dev/mailbox").statusCode()).isEqualTo(404);
        assertThat(browser.get("/dev/mailbox/0").statusCode()).isEqualTo(404);
        assertThat(browser.get("/healthz").statusCode()).isEqualTo(200);
    }

    /** Waits until the mailbox lists {@code count} messages; returns their URLs as listed. */
    private List<String> awaitListed(Browser browser, int count) {
        return Poll.until(Duration.ofSeconds(20), count + " messages in /dev/mailbox", () -> {
            HttpResponse<String> page = browser.get("/dev/mailbox");
            List<String> urls = new ArrayList<>();
            Matcher m = Pattern.compile("href=\"(/dev/mailbox/\\d+)\"").matcher(page.body());
            while (m.find()) {
                urls.add(m.group(1));
            }
            return urls.size() == count ? urls : null;
        });
    }
}
