package io.activationworker.testing;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The administrator's steps through the portal over real HTTP, as {@link Browser} calls: accept
 * the activation email's link (which signs in), open a redeem form, review, redeem.
 */
public final class Portal {

    private Portal() {
    }

    /** Waits for the first received message to this address whose text part matches. */
    public static MimeMessage awaitMessage(TestApp app, String to, Predicate<String> text) {
        return awaitMessage(app, Set.of(), to, text);
    }

    /**
     * As {@link #awaitMessage(TestApp, String, Predicate)}, ignoring the messages whose Message-ID is
     * in {@code seen} (GreenMail lists messages by mailbox, not by arrival, so indexes do not work).
     */
    public static MimeMessage awaitMessage(TestApp app, Set<String> seen, String to, Predicate<String> text) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            MimeMessage[] received = app.smtp.getReceivedMessages();
            for (MimeMessage m : received) {
                if (!seen.contains(messageId(m)) && Mails.to(m).contains(to) && text.test(Mails.text(m))) {
                    return m;
                }
            }
            app.smtp.waitForIncomingEmail(500, received.length + 1);
        }
        throw new AssertionError("no matching email to " + to + " within 20 s");
    }

    /** The Message-IDs of every message received so far. */
    public static Set<String> receivedIds(TestApp app) {
        return Arrays.stream(app.smtp.getReceivedMessages()).map(Portal::messageId).collect(Collectors.toSet());
    }

    /** Opens the activation email sent to this address, accepts, and returns the signed-in browser. */
    public static Browser acceptActivation(TestApp app, String adminEmail) {
        return acceptActivation(app, adminEmail, "");
    }

    /** As {@link #acceptActivation(TestApp, String)}, for the activation email of one agreement. */
    public static Browser acceptActivation(TestApp app, String adminEmail, String agreementNumber) {
        MimeMessage mail = awaitMessage(app, adminEmail,
                text -> text.contains(app.baseUrl + "/activate/") && text.contains(agreementNumber));
        String link = Mails.link(mail, app.baseUrl + "/activate/");
        Browser browser = new Browser(app.baseUrl);
        assertThat(browser.get(link).statusCode()).isEqualTo(200);
        HttpResponse<String> accepted = browser.post(link, Map.of("accept", "yes"));
        assertThat(accepted.statusCode()).as("accept").isEqualTo(303);
        assertThat(browser.get("/products").statusCode()).isEqualTo(200);
        return browser;
    }

    public static long subscriptionId(TestApp app, String tenant) {
        return app.jdbi().withHandle(h -> h.createQuery(
                "select id from subscription where tenant_id = :tenant and product = 'Microsoft 365 Business Premium'")
                .bind("tenant", tenant).mapTo(Long.class).one());
    }

    /** Opens the key form of the subscription (so the browser holds its form token) and posts the keys. */
    public static HttpResponse<String> review(Browser browser, long subscriptionId, String action, String... keys) {
        HttpResponse<String> form = browser.get("/products/" + subscriptionId + "/redeem?action=" + action + "&step=key");
        assertThat(form.statusCode()).as("key form").isEqualTo(200);
        return postKeys(browser, subscriptionId, action, keys);
    }

    /** Posts the key form as it is (the browser's last page must carry the form token). */
    public static HttpResponse<String> postKeys(Browser browser, long subscriptionId, String action, String... keys) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("action", action);
        for (int i = 0; i < keys.length; i++) {
            fields.put("key" + (i + 1), keys[i]);
        }
        return browser.post("/products/" + subscriptionId + "/redeem", fields);
    }

    public static HttpResponse<String> confirm(Browser browser, long subscriptionId) {
        return browser.post("/products/" + subscriptionId + "/redeem/confirm", Map.of());
    }

    /** The text of the page's error paragraph, if it shows one. */
    public static Optional<String> error(HttpResponse<String> page) {
        Matcher m = Pattern.compile("<p class=\"error\" role=\"alert\">([^<]*)</p>")
                .matcher(page.body());
        return m.find() ? Optional.of(unescape(m.group(1))) : Optional.empty();
    }

    private static String unescape(String html) {
        return html.replace("&#39;", "'").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    /** Signs in by the emailed one-time link (issue 15) and returns the browser and where the sign-in landed. */
    public static Browser signInByMail(TestApp app, String adminEmail, String[] landedOn) {
        Set<String> seen = receivedIds(app);
        Browser browser = new Browser(app.baseUrl);
        browser.get("/signin");
        assertThat(browser.post("/signin", Map.of("email", adminEmail)).statusCode()).isEqualTo(200);
        String link = Mails.link(awaitMessage(app, seen, adminEmail, text -> text.contains(app.baseUrl + "/signin/")),
                app.baseUrl + "/signin/");
        browser.get(link);
        HttpResponse<String> signedIn = browser.post(link, Map.of());
        assertThat(signedIn.statusCode()).as("sign in").isEqualTo(303);
        if (landedOn != null && landedOn.length > 0) {
            landedOn[0] = signedIn.headers().firstValue("Location").orElse("");
        }
        return browser;
    }

    private static String messageId(MimeMessage m) {
        try {
            return m.getMessageID();
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }
}
