package io.activationworker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("activation.properties"), text);
    }

    @Test
    void the_shipped_file_loads_with_embedded_defaults() {
        AppConfig c = new ConfigLoader(Map.of()).load(Path.of("config/activation.properties"));
        assertThat(c.embeddedDatabase()).isTrue();
        assertThat(c.embeddedSmtp()).isTrue();
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.linkTtlDays()).isEqualTo(30);
    }

    @Test
    void a_wrong_value_is_one_line_naming_key_and_value() throws IOException {
        Path file = write("http.port=abc\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage("http.port: 'abc' is not a port number");
    }

    @Test
    void every_bad_key_is_reported_at_once() throws IOException {
        Path file = write("http.port=abc\nworker.threads=0\nsmtp.starttls=maybe\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(3));
    }

    @Test
    void environment_variables_override_the_file() throws IOException {
        Path file = write("db.url=\nhttp.port=8080\n");
        AppConfig c = new ConfigLoader(Map.of("ACTIVATION_DB_URL", "jdbc:postgresql://db/x",
                "ACTIVATION_HTTP_PORT", "9090", "ACTIVATION_WORKER_LEASE_SECONDS", "30")).load(file);
        assertThat(c.dbUrl()).hasValue("jdbc:postgresql://db/x");
        assertThat(c.httpPort()).isEqualTo(9090);
        assertThat(c.workerLease().toSeconds()).isEqualTo(30);
    }

    @Test
    void the_retry_base_defaults_to_five_seconds_and_can_be_set() throws IOException {
        assertThat(new ConfigLoader(Map.of()).load(write("")).workerRetryBase().toMillis()).isEqualTo(5000);
        AppConfig c = new ConfigLoader(Map.of("ACTIVATION_WORKER_RETRY_BASE_MS", "200")).load(write(""));
        assertThat(c.workerRetryBase().toMillis()).isEqualTo(200);
    }

    @Test
    void a_session_lives_at_most_12_hours_unless_set_otherwise() throws IOException {
        assertThat(new ConfigLoader(Map.of()).load(write("")).sessionLifetime()).isEqualTo(Duration.ofHours(12));
        assertThat(new ConfigLoader(Map.of()).load(Path.of("config/activation.properties")).sessionLifetime())
                .isEqualTo(Duration.ofHours(12));
        assertThat(new ConfigLoader(Map.of("ACTIVATION_SESSION_LIFETIME_HOURS", "8")).load(write("")).sessionLifetime())
                .isEqualTo(Duration.ofHours(8));
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(write("session.lifetime-hours=0\n")))
                .hasMessage("session.lifetime-hours: '0' must be between 1 and 720");
    }

    @Test
    void web_threads_default_to_twice_the_cores_and_refuse_zero() throws IOException {
        int expected = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        assertThat(new ConfigLoader(Map.of()).load(write("")).httpThreads()).isEqualTo(expected);
        assertThat(new ConfigLoader(Map.of()).load(Path.of("config/activation.properties")).httpThreads())
                .isEqualTo(expected);
        assertThat(new ConfigLoader(Map.of("ACTIVATION_HTTP_THREADS", "32")).load(write("")).httpThreads())
                .isEqualTo(32);
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(write("http.threads=0\n")))
                .hasMessage("http.threads: '0' must be between 1 and 256");
    }

    @Test
    void smtp_pipelining_is_on_unless_switched_off() throws IOException {
        assertThat(new ConfigLoader(Map.of()).load(write("")).smtpPipelining()).isTrue();
        assertThat(new ConfigLoader(Map.of()).load(Path.of("config/activation.properties")).smtpPipelining()).isTrue();
        assertThat(new ConfigLoader(Map.of("ACTIVATION_SMTP_PIPELINING", "false")).load(write("")).smtpPipelining())
                .isFalse();
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(write("smtp.pipelining=sometimes\n")))
                .hasMessageContaining("smtp.pipelining: 'sometimes'");
    }

    @Test
    void the_send_rate_cap_is_off_by_default_known_and_never_negative() throws IOException {
        assertThat(new ConfigLoader(Map.of()).load(write("")).smtpMaxPerSecond()).isZero();
        assertThat(new ConfigLoader(Map.of()).load(Path.of("config/activation.properties")).smtpMaxPerSecond()).isZero();
        assertThat(new ConfigLoader(Map.of("ACTIVATION_SMTP_MAX_PER_SECOND", "50")).load(write(""))
                .smtpMaxPerSecond()).isEqualTo(50);
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(write("smtp.max-per-second=-1\n")))
                .hasMessageContaining("smtp.max-per-second: '-1'");
    }

    @Test
    void a_missing_file_is_named() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(dir.resolve("nope.properties")))
                .hasMessageContaining("nope.properties does not exist");
    }

    @Test
    void a_mistyped_key_in_the_file_is_refused_with_the_nearest_known_key() throws IOException {
        Path file = write("smtp.hots=relay.example\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage("smtp.hots: unknown key; did you mean smtp.host?");
    }

    @Test
    void a_mistyped_environment_variable_is_refused_with_the_nearest_known_one() throws IOException {
        Path file = write("");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("ACTIVATION_SMTP_HOTS", "relay.example",
                "PATH", "/usr/bin")).load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage("ACTIVATION_SMTP_HOTS: unknown variable; did you mean ACTIVATION_SMTP_HOST?");
    }

    @Test
    void an_unknown_key_far_from_every_known_one_points_to_the_shipped_file() throws IOException {
        Path file = write("colour.scheme=dark\nhttp.port=abc\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "http.port: 'abc' is not a port number",
                        "colour.scheme: unknown key (every key is listed in config/activation.properties)"));
    }

    @Test
    void every_key_of_the_shipped_file_is_known() {
        AppConfig c = new ConfigLoader(Map.of()).load(Path.of("config/activation.properties"));
        assertThat(c).isNotNull();
    }

    @Test
    void to_string_masks_every_password_and_secret() throws IOException {
        String dbPassword = "db-Pa55-9q8w7";
        String smtpPassword = "smtp-Pa55-7f3k2";
        String keySecret = "key-secret-for-this-test-only-4x9v2m7p3q";
        String urlPassword = "url-Pa55-1a2b3";
        String oidcSecret = "oidc-Pa55-4d5e6";
        AppConfig c = new ConfigLoader(Map.of("ACTIVATION_OIDC_CLIENT_SECRET", oidcSecret,
                "ACTIVATION_OIDC_ISSUER", "https://login.example", "ACTIVATION_OIDC_CLIENT_ID", "activation",
                "ACTIVATION_DB_PASSWORD", dbPassword,
                "ACTIVATION_SMTP_PASSWORD", smtpPassword, "ACTIVATION_KEY_SECRET", keySecret,
                "ACTIVATION_DB_URL", "jdbc:postgresql://db/x?user=app&password=" + urlPassword + "&ssl=true"))
                .load(write("smtp.host=relay.example\nsmtp.user=mailer\n"));
        String text = c.toString();
        assertThat(text).contains("smtpHost=relay.example", "smtpUser=mailer", "dbPassword=****", "smtpPassword=****",
                "keySecret=****", "jdbc:postgresql://db/x?user=app&password=****&ssl=true");
        for (String secret : new String[] {dbPassword, smtpPassword, keySecret, urlPassword, oidcSecret}) {
            assertThat(text).doesNotContain(secret);
        }
        String smtp = new io.activationworker.mail.SmtpSettings("relay.example", 25, "mailer", smtpPassword, true, true)
                .toString();
        assertThat(smtp).contains("relay.example", "password=****").doesNotContain(smtpPassword);
    }

    @Test
    void the_nearest_key_hint_tolerates_a_swapped_or_missing_letter() {
        java.util.List<String> known = java.util.List.of("smtp.host", "smtp.port", "http.port", "worker.threads");
        assertThat(ConfigLoader.hint("smtp.hots", known)).isEqualTo("; did you mean smtp.host?");
        assertThat(ConfigLoader.hint("worker.thread", known)).isEqualTo("; did you mean worker.threads?");
        assertThat(ConfigLoader.hint("htp.port", known)).isEqualTo("; did you mean http.port?");
    }
}
