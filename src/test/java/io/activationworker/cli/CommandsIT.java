package io.activationworker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import io.activationworker.testing.AppProcess;
import io.activationworker.testing.Browser;
import io.activationworker.testing.Feeds;
import io.activationworker.testing.FreePort;
import io.activationworker.testing.Mails;
import io.activationworker.testing.Poll;
import io.activationworker.testing.PostgresExtension;
import io.activationworker.testing.ProcessExtension;
import io.activationworker.testing.RelayExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, used as an operator uses it: exit codes, the embedded defaults, roles, signals. */
class CommandsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration COMMAND_WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    @RegisterExtension
    final ProcessExtension processes = new ProcessExtension();
    /** For the test of serve and worker apart; the others run on the embedded defaults and leave these unused. */
    @RegisterExtension
    final PostgresExtension db = new PostgresExtension(2);
    @RegisterExtension
    final RelayExtension relay = new RelayExtension();

    private Map<String, String> embeddedEnv(int httpPort, int smtpPort) throws IOException {
        Path feed = Files.createDirectories(dir.resolve("feed"));
        Files.copy(Path.of("config/feed/northwind-partners.yaml"), feed.resolve("northwind-partners.yaml"));
        Map<String, String> env = new HashMap<>();
        env.put("ACTIVATION_DATA_DIR", dir.resolve("data").toString());
        env.put("ACTIVATION_FEED_DIR", feed.toString());
        env.put("ACTIVATION_FEED_POLL_SECONDS", "1");
        env.put("ACTIVATION_HTTP_PORT", Integer.toString(httpPort));
        env.put("ACTIVATION_PUBLIC_BASE_URL", "http://127.0.0.1:" + httpPort);
        env.put("ACTIVATION_SMTP_PORT", Integer.toString(smtpPort));
        return env;
    }

    /** Runs a one-off command configured by environment variables alone, as the embedded defaults are. */
    private static AppProcess.Result run(Map<String, String> env, String... command) {
        return AppProcess.runWithEnv(env, COMMAND_WAIT, command);
    }

    private static JsonNode status(Map<String, String> env) throws IOException {
        AppProcess.Result r = run(env, "status", "--json");
        assertThat(r.exitCode()).as(r.output()).isZero();
        String json = r.output().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow(
                () -> new AssertionError("no JSON in:\n" + r.output()));
        return JSON.readTree(json);
    }

    private static int get(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Test
    void the_main_job_runs_on_the_embedded_defaults_and_other_commands_share_its_database() throws Exception {
        int http = FreePort.pick();
        Map<String, String> env = embeddedEnv(http, FreePort.pick());
        String base = "http://127.0.0.1:" + http;
        try (AppProcess run = processes.startWithEnv("commands-run", env, "run")) {
            Poll.until(Duration.ofSeconds(180), "healthz", () -> get(base + "/healthz") == 200);
            Poll.until(Duration.ofSeconds(15), "3 sample emails in /dev/mailbox",
                    () -> new Browser(base).get("/dev/mailbox").body().split("href=\"/dev/mailbox/").length - 1 == 3);

            JsonNode status = status(env);
            assertThat(status.get("agreements").asInt()).isEqualTo(3);
            assertThat(status.get("keys").get("unused").asInt()).isEqualTo(8);
            assertThat(status.get("outbox").get("sent").asInt()).isEqualTo(3);
            assertThat(status.get("subscriptions").get("active").asInt()).isZero();
            assertThat(status.has("oldestQueuedSeconds")).isTrue();

            // Click through: the first activation email's link, accept.
            Browser browser = new Browser(base);
            java.util.regex.Pattern activation = java.util.regex.Pattern.compile(
                    "http://127\\.0\\.0\\.1:" + http + "/activate/[A-Za-z0-9_-]+");
            String link = java.util.stream.IntStream.range(0, 3)
                    .mapToObj(i -> activation.matcher(browser.get("/dev/mailbox/" + i).body()))
                    .filter(java.util.regex.Matcher::find).map(java.util.regex.Matcher::group)
                    .findFirst().orElseThrow(() -> new AssertionError("no activation email in /dev/mailbox"));
            browser.get(link);
            assertThat(browser.post(link, Map.of("accept", "yes")).statusCode()).isEqualTo(303);
            assertThat(status(env).get("subscriptions").get("active").asInt()).isGreaterThanOrEqualTo(1);

            assertThat(run.terminate(COMMAND_WAIT)).as(run.log()).isZero();
            assertThat(run.log()).doesNotContain("Exception");
        }
        // Stopped: status starts the embedded server itself and finds everything still there.
        JsonNode after = status(env);
        assertThat(after.get("agreements").asInt()).isEqualTo(3);
        assertThat(after.get("keys").get("redeemed").asInt()).isGreaterThanOrEqualTo(1);
        int sent = after.get("outbox").get("sent").asInt();

        // Started again: nothing is re-sent.
        try (AppProcess again = processes.startWithEnv("commands-run-again", env, "run")) {
            Poll.until(Duration.ofSeconds(180), "healthz", () -> get(base + "/healthz") == 200);
            // The watcher's first scan has read the unchanged feed: had it queued anything, the row would
            // be in the outbox now. Nothing queued or in flight means the worker has nothing to re-send.
            Poll.until(Duration.ofSeconds(30), "the start-up import", () -> again.log().contains("event=feed_imported"));
            assertThat(again.log()).contains("new=0 changed=0 unchanged=3");
            JsonNode outbox = status(env).get("outbox");
            assertThat(outbox.get("queued").asInt()).isZero();
            assertThat(outbox.get("sending").asInt()).isZero();
            assertThat(outbox.get("sent").asInt()).isEqualTo(sent);
            assertThat(new Browser(base).get("/dev/mailbox").body()).doesNotContain("href=\"/dev/mailbox/0\"");
            assertThat(again.terminate(COMMAND_WAIT)).isZero();
        }
    }

    @Test
    void validate_and_import_exit_0_1_or_2_and_print_each_rejection() throws Exception {
        Map<String, String> env = embeddedEnv(FreePort.pick(), FreePort.pick());
        Path good = Files.writeString(dir.resolve("good.yaml"), Feeds.standard());
        Path bad = Files.writeString(dir.resolve("bad.yaml"), Feeds.standard().replace("fabrikam.example\"",
                "fabrikam.example\"").replace("email: anna@fabrikam.example", "email: anna-at-fabrikam"));
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"schema\": 1, \"partner\": ");

        AppProcess.Result ok = run(env, "validate", good.toString());
        assertThat(ok.exitCode()).as(ok.output()).isZero();
        assertThat(ok.output()).contains("1 new");

        AppProcess.Result rejected = run(env, "validate", bad.toString());
        assertThat(rejected.exitCode()).as(rejected.output()).isEqualTo(1);
        assertThat(rejected.output()).containsPattern("bad\\.yaml:4: agreement V1234567: .*email");

        AppProcess.Result unreadable = run(env, "validate", broken.toString());
        assertThat(unreadable.exitCode()).as(unreadable.output()).isEqualTo(2);
        assertThat(unreadable.output()).containsPattern("broken\\.json:1:\\d+: ");

        AppProcess.Result imported = run(env, "import", good.toString());
        assertThat(imported.exitCode()).as(imported.output()).isZero();
        assertThat(status(env).get("agreements").asInt()).isEqualTo(1);
        assertThat(status(env).get("outbox").get("queued").asInt()).isEqualTo(1);

        AppProcess.Result missing = run(env, "import", dir.resolve("nope.yaml").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
    }

    @Test
    void a_wrong_configuration_value_stops_with_one_clear_line() {
        AppProcess.Result r = run(Map.of("ACTIVATION_HTTP_PORT", "abc"), "status");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.output().strip()).isEqualTo("configuration error: http.port: 'abc' is not a port number");
    }

    @Test
    void log_format_json_prints_one_json_object_per_line() throws Exception {
        int http = FreePort.pick();
        Map<String, String> env = embeddedEnv(http, FreePort.pick());
        env.put("ACTIVATION_LOG_FORMAT", "json");
        try (AppProcess serve = processes.startWithEnv("commands-serve-json", env, "serve")) {
            Poll.until(Duration.ofSeconds(180), "healthz", () -> get("http://127.0.0.1:" + http + "/healthz") == 200);
            Poll.until(Duration.ofSeconds(10), "the started event", () -> serve.log().contains("event=started"));
            assertThat(serve.terminate(COMMAND_WAIT)).isZero();
            java.util.List<String> lines = serve.log().lines()
                    .filter(l -> l.startsWith("{")).toList();
            assertThat(lines).isNotEmpty();
            for (String line : lines) {
                JsonNode event = JSON.readTree(line);
                assertThat(event.has("@timestamp")).isTrue();
                assertThat(event.has("level")).isTrue();
            }
            assertThat(lines).anySatisfy(l -> assertThat(JSON.readTree(l).get("message").asText())
                    .isEqualTo("event=started role=serve"));
        }
    }

    @Test
    void every_command_has_help() {
        for (String command : new String[] {"run", "serve", "worker", "import", "validate", "status", "resend"}) {
            AppProcess.Result r = run(Map.of(), command, "--help");
            assertThat(r.exitCode()).as(command).isZero();
            assertThat(r.output()).as(command).contains("Usage:", "--config");
        }
    }

    @Test
    void serve_and_worker_run_apart_against_one_postgresql_and_resend_mails_the_current_administrator()
            throws Exception {
        GreenMail smtp = relay.greenMail();
        int servePort = FreePort.pick();
        Map<String, String> env = new HashMap<>();
        env.put("ACTIVATION_DB_URL", db.url());
        env.put("ACTIVATION_DB_USER", "postgres");
        env.put("ACTIVATION_SMTP_HOST", "127.0.0.1");
        env.put("ACTIVATION_SMTP_PORT", Integer.toString(relay.port()));
        env.put("ACTIVATION_KEY_SECRET", "a-shared-secret-for-all-instances-0001");
        env.put("ACTIVATION_PUBLIC_BASE_URL", "http://127.0.0.1:" + servePort);
        env.put("ACTIVATION_FEED_DIR", Files.createDirectories(dir.resolve("feed")).toString());
        env.put("ACTIVATION_FEED_POLL_SECONDS", "1");
        env.put("ACTIVATION_DATA_DIR", dir.resolve("data").toString());
        Map<String, String> serveEnv = new HashMap<>(env);
        serveEnv.put("ACTIVATION_HTTP_PORT", Integer.toString(servePort));
        Map<String, String> workerEnv = new HashMap<>(env);
        int workerPort = FreePort.pick();
        workerEnv.put("ACTIVATION_HTTP_PORT", Integer.toString(workerPort));
        AppProcess serve = processes.startWithEnv("commands-serve", serveEnv, "serve");
        AppProcess worker = processes.startWithEnv("commands-worker", workerEnv, "worker");
        Files.writeString(dir.resolve("feed").resolve("northwind.yaml"), Feeds.standard());
        assertThat(smtp.waitForIncomingEmail(60_000, 1)).as(worker.log()).isTrue();
        String link = Mails.link(smtp.getReceivedMessages()[0], "http://127.0.0.1:" + servePort + "/activate/");
        Poll.until(Duration.ofSeconds(30), "serve is up", () -> get("http://127.0.0.1:" + servePort + "/healthz") == 200);
        assertThat(get("http://127.0.0.1:" + servePort + "/dev/mailbox")).isEqualTo(404);
        assertThat(get("http://127.0.0.1:" + workerPort + "/metrics")).isEqualTo(200);
        assertThat(get("http://127.0.0.1:" + workerPort + "/activate/" + "A".repeat(43))).isEqualTo(404);

        AppProcess.Result resend = run(env, "resend", "V1234567");
        assertThat(resend.exitCode()).as(resend.output()).isZero();
        assertThat(smtp.waitForIncomingEmail(30_000, 2)).isTrue();
        assertThat(new Browser("http://127.0.0.1:" + servePort).get(link).statusCode()).isEqualTo(410);
        String fresh = Mails.link(smtp.getReceivedMessages()[1], "http://127.0.0.1:" + servePort + "/activate/");
        Browser browser = new Browser("http://127.0.0.1:" + servePort);
        browser.get(fresh);
        assertThat(browser.post(fresh, Map.of("accept", "yes")).statusCode()).isEqualTo(303);
        assertThat(smtp.waitForIncomingEmail(30_000, 3)).as("confirmation sent by the worker").isTrue();

        AppProcess.Result unknown = run(env, "resend", "V0000000");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.output()).contains("agreement V0000000: unknown agreement number");

        assertThat(worker.terminate(COMMAND_WAIT)).isZero();
        assertThat(serve.terminate(COMMAND_WAIT)).isZero();
    }
}
