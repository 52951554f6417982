package io.activationworker.key;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.testing.AppProcess;
import io.activationworker.testing.Browser;
import io.activationworker.testing.Feeds;
import io.activationworker.testing.Mails;
import io.activationworker.testing.Poll;
import io.activationworker.testing.PostgresExtension;
import io.activationworker.testing.ProcessConfig;
import io.activationworker.testing.ProcessExtension;
import io.activationworker.testing.RelayExtension;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An end-to-end run of the {@code run} process (logging at DEBUG), then a search of its whole log
 * and of every row of every table for each secret the run used: link and sign-in tokens, session
 * ids, form tokens, product keys (typed in several ways; only the last five may appear), the
 * SMTP and database passwords and the key secret. None may appear in clear.
 */
class SecretsNeverInClearIT {

    private static final String SMTP_PASSWORD = "smtp-Pa55-word-7f3k2";
    private static final String DB_PASSWORD = "db-Pa55-word-9q8w7";
    private static final String KEY_SECRET = "key-secret-for-this-test-only-4x9v2m7p3q";
    private static final String UNKNOWN_KEY = "DK8KR-VWX84-CC2F3-6H8KX-M3QFC";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    final RelayExtension relay = new RelayExtension();
    @RegisterExtension
    final PostgresExtension db = new PostgresExtension(2);
    @RegisterExtension
    final ProcessExtension processes = new ProcessExtension();

    private ProcessConfig config;

    @BeforeEach
    void configure() {
        relay.greenMail().setUser("mailer@activation.test", "mailer", SMTP_PASSWORD);
        config = ProcessConfig.write(relay.port(), db.url(), Map.of("smtp.user", "mailer"));
    }

    @Test
    void no_token_key_session_id_or_password_of_a_whole_run_appears_in_the_log_or_any_table() throws Exception {
        Files.writeString(config.feedDir().resolve("northwind.yaml"), Feeds.standard());
        AppProcess app = processes.start("secrets-run", config.file, Map.of(
                "ACTIVATION_SMTP_PASSWORD", SMTP_PASSWORD,
                "ACTIVATION_DB_PASSWORD", DB_PASSWORD,
                "ACTIVATION_KEY_SECRET", KEY_SECRET,
                "LOG_LEVEL", "DEBUG"), "run");
        app.awaitLog("event=started role=run", WAIT);
        Map<String, String> secrets = new LinkedHashMap<>();

        // Activate from the emailed link.
        String link = Mails.link(awaitMailWith(config.baseUrl() + "/activate/"), config.baseUrl() + "/activate/");
        secrets.put("activation token", token(link));
        Browser anna = new Browser(config.baseUrl());
        anna.get(link);
        secrets.put("activation form token", anna.formToken().orElseThrow());
        secrets.put("pre-session id", anna.cookieHeader().replaceAll(".*aw_pre=([^;]+).*", "$1"));
        assertThat(anna.post(link, Map.of("accept", "yes")).statusCode()).isEqualTo(303);
        secrets.put("first session id", sessionId(anna));

        // Redeem a retail key typed in lower case with spaces, after a mistyped one.
        String redeem = matching(anna.get("/products").body(), "/products/\\d+/redeem");
        anna.get(redeem + "?action=add&step=key");
        secrets.put("portal form token", anna.formToken().orElseThrow());
        assertThat(anna.post(redeem, Map.of("action", "add", "key1", UNKNOWN_KEY)).statusCode()).isEqualTo(400);
        String typed = Feeds.RETAIL_1.toLowerCase(Locale.ROOT).replace('-', ' ');
        assertThat(anna.post(redeem, Map.of("action", "add", "key1", typed)).statusCode()).isEqualTo(200);
        assertThat(anna.post(redeem + "/confirm", Map.of()).statusCode()).isEqualTo(200);
        anna.post("/signout", Map.of());

        // Sign in again with an emailed sign-in link.
        Browser again = new Browser(config.baseUrl());
        again.get("/signin");
        secrets.put("sign-in form token", again.formToken().orElseThrow());
        assertThat(again.post("/signin", Map.of("email", "anna@fabrikam.example")).statusCode()).isEqualTo(200);
        String signinLink = Mails.link(awaitMailWith(config.baseUrl() + "/signin/"), config.baseUrl() + "/signin/");
        secrets.put("sign-in token", token(signinLink));
        again.get(signinLink);
        assertThat(again.post(signinLink, Map.of()).statusCode()).isEqualTo(303);
        secrets.put("second session id", sessionId(again));
        assertThat(again.get("/products").body()).contains(Feeds.PREMIUM);
        Poll.until(WAIT, "every email sent",
                () -> db.count("select count(*) from outbox_message where state <> 'sent'") == 0);

        for (String key : List.of(Feeds.KEY_A, Feeds.RETAIL_1, Feeds.RETAIL_2, Feeds.RETAIL_OTHER_PRODUCT, UNKNOWN_KEY)) {
            String canonical = key.replace("-", "");
            secrets.put("key " + key + " without its last five", canonical.substring(0, 20));
            secrets.put("key " + key + " as printed, without its last five", key.substring(0, 23));
            secrets.put("key " + key + " in lower case", canonical.toLowerCase(Locale.ROOT).substring(0, 20));
        }
        secrets.put("key as typed", typed.substring(0, 23));
        secrets.put("SMTP password", SMTP_PASSWORD);
        secrets.put("database password", DB_PASSWORD);
        secrets.put("key secret", KEY_SECRET);

        String log = app.log();
        String tables = dumpEveryTable();
        assertThat(log).contains("event=activated", "event=signed_in");
        assertThat(tables).contains(Feeds.RETAIL_1.substring(24), "anna@fabrikam.example");
        secrets.forEach((what, secret) -> {
            assertThat(log).as(what + " in the log").doesNotContainIgnoringCase(secret);
            assertThat(tables).as(what + " in a table").doesNotContainIgnoringCase(secret);
        });
    }

    /** Every row of every table, as PostgreSQL prints it. */
    private String dumpEveryTable() {
        return db.jdbi().withHandle(h -> {
            StringBuilder all = new StringBuilder();
            List<String> tables = h.createQuery("select table_name from information_schema.tables "
                    + "where table_schema = 'public' and table_type = 'BASE TABLE' order by 1").mapTo(String.class).list();
            assertThat(tables).contains("outbox_message", "web_session", "signin_link", "activation_link", "product_key");
            for (String table : tables) {
                all.append("== ").append(table).append('\n');
                // Table names come from the catalogue just above, not from input.
                h.createQuery("select t::text from \"" + table + "\" t").mapTo(String.class).forEach(row ->
                        all.append(row).append('\n'));
            }
            return all.toString();
        });
    }

    private MimeMessage awaitMailWith(String text) {
        return Poll.until(WAIT, "an email with " + text, () -> {
            for (MimeMessage m : relay.received()) {
                if (Mails.text(m).contains(text)) {
                    return m;
                }
            }
            return null;
        });
    }

    private static String token(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private static String sessionId(Browser browser) {
        String cookie = browser.cookie();
        assertThat(cookie).startsWith("aw_session=");
        return cookie.substring("aw_session=".length());
    }

    private static String matching(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("page contains " + regex).isTrue();
        return m.group();
    }
}
