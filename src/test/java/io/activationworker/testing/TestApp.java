package io.activationworker.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.activationworker.Roles;
import io.activationworker.Services;
import io.activationworker.config.AppConfig;
import io.activationworker.config.ConfigLoader;
import io.activationworker.feed.ImportReport;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The whole application in this JVM, on real parts: a fresh PostgreSQL database, a GreenMail SMTP
 * server, the real web handler on a free loopback port, the real worker. What a user sees is
 * reached through HTTP and SMTP, as a user would.
 */
public final class TestApp implements AutoCloseable {

    public final Path dir;
    public final GreenMail smtp;
    public final Services services;
    public final Roles roles;
    public final String baseUrl;
    public final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private TestApp(Path dir, GreenMail smtp, Services services, Roles roles, String baseUrl) {
        this.dir = dir;
        this.smtp = smtp;
        this.services = services;
        this.roles = roles;
        this.baseUrl = baseUrl;
    }

    public static TestApp start() {
        return start(Map.of(), Clock.systemUTC(), true, true);
    }

    public static TestApp start(Map<String, String> overrides, Clock clock, boolean worker, boolean web) {
        try {
            Path dir = Files.createTempDirectory("activation-test");
            Files.createDirectories(dir.resolve("feed"));
            GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            int httpPort = FreePort.pick();
            Map<String, String> p = new LinkedHashMap<>();
            // A db.url override makes this a second instance on the database of another TestApp.
            p.put("db.url", overrides.containsKey("db.url") ? overrides.get("db.url") : TestPostgres.newDatabaseUrl());
            p.put("db.user", "postgres");
            p.put("smtp.host", "127.0.0.1");
            p.put("smtp.port", Integer.toString(smtp.getSmtp().getPort()));
            p.put("mail.from", "Licence activation <activation@activation.test>");
            p.put("http.port", Integer.toString(httpPort));
            p.put("public.base-url", "http://127.0.0.1:" + httpPort);
            p.put("feed.dir", dir.resolve("feed").toString());
            p.put("feed.poll-seconds", "3600");
            p.put("products.file", "config/products.yaml");
            p.put("templates.dir", "templates");
            p.put("data.dir", dir.resolve("data").toString());
            p.put("key.secret", "test-secret-test-secret-test-secret-0123");
            p.put("worker.threads", "2");
            p.putAll(overrides);
            StringBuilder text = new StringBuilder();
            p.forEach((k, v) -> text.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
            Path config = dir.resolve("activation.properties");
            Files.writeString(config, text, StandardCharsets.UTF_8);
            AppConfig appConfig = new ConfigLoader(Map.of()).load(config);
            // At least a connection for every web and worker thread, as a product process has (LongRunning):
            // a web thread waiting for a connection would answer 503 after the pool's 2 s.
            Services services = Services.open(appConfig,
                    Math.max(16, appConfig.httpThreads() + appConfig.workerThreads() + 2), clock);
            Roles roles = new Roles(services);
            if (worker) {
                roles.startWorker();
            }
            if (web) {
                roles.startWeb();
            }
            return new TestApp(dir, smtp, services, roles, appConfig.publicBaseUrl());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JDBC URL of this app's database, for a second instance: {@code Map.of("db.url", app.dbUrl())}. */
    public String dbUrl() {
        return services.config().dbUrl().orElseThrow();
    }

    public Jdbi jdbi() {
        return services.database().jdbi();
    }

    /**
     * Imports a feed file as {@code import} would. The file is not put in the watched feed folder:
     * the watcher's first scan, running when the app starts, could import it first, and this
     * import would then report it unchanged.
     */
    public ImportReport importFeed(String fileName, String content) {
        return services.feedImporter().importDocument(services.feedReader().read(writeUnwatched(fileName, content)));
    }

    /** Writes a feed file outside the watched feed folder, for a test that reads or imports it itself. */
    public Path writeUnwatched(String fileName, String content) {
        try {
            return Files.writeString(Files.createDirectories(dir.resolve("imports")).resolve(fileName), content,
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path writeFeed(String fileName, String content) {
        try {
            return Files.writeString(dir.resolve("feed").resolve(fileName), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until at least {@code count} messages arrived in total, and returns them all. */
    public List<MimeMessage> awaitMessages(int count) {
        if (!smtp.waitForIncomingEmail(Duration.ofSeconds(20).toMillis(), count)) {
            throw new AssertionError("expected " + count + " emails, got " + smtp.getReceivedMessages().length);
        }
        return List.of(smtp.getReceivedMessages());
    }

    public long count(String sql) {
        return jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    public String text(String sql) {
        return jdbi().withHandle(h -> h.createQuery(sql).mapTo(String.class).one());
    }

    @Override
    public void close() {
        roles.close();
        services.close();
        smtp.stop();
    }
}
