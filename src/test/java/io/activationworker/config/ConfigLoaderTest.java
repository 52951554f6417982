package io.activationworker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void a_missing_file_is_named() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(dir.resolve("nope.properties")))
                .hasMessageContaining("nope.properties does not exist");
    }
}
