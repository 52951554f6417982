package io.activationworker.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@code activation.properties} for processes started from the jar: a fresh database on the
 * shared test PostgreSQL, an SMTP relay on loopback, a feed folder, the test key secret (every
 * process sharing a database needs the same one). Each test adds or overrides what it is about.
 */
public final class ProcessConfig {

    public static final String KEY_SECRET = "test-secret-test-secret-test-secret-0123";

    public final Path dir;
    public final Path file;
    public final Map<String, String> values;

    private ProcessConfig(Path dir, Path file, Map<String, String> values) {
        this.dir = dir;
        this.file = file;
        this.values = values;
    }

    /** A configuration on a new database of its own (unless {@code overrides} name a {@code db.url}). */
    public static ProcessConfig write(int smtpPort, Map<String, String> overrides) {
        return write(smtpPort, overrides.containsKey("db.url") ? overrides.get("db.url") : TestPostgres.newDatabaseUrl(),
                overrides);
    }

    /** A configuration on the given database, e.g. a {@link PostgresExtension}'s. */
    public static ProcessConfig write(int smtpPort, String dbUrl, Map<String, String> overrides) {
        try {
            Path dir = Files.createTempDirectory("activation-process");
            Files.createDirectories(dir.resolve("feed"));
            int httpPort = FreePort.pick();
            Map<String, String> p = new LinkedHashMap<>();
            p.put("db.url", dbUrl);
            p.put("db.user", "postgres");
            p.put("smtp.host", "127.0.0.1");
            p.put("smtp.port", Integer.toString(smtpPort));
            p.put("mail.from", "Licence activation <activation@activation.test>");
            p.put("http.port", Integer.toString(httpPort));
            p.put("public.base-url", "http://127.0.0.1:" + httpPort);
            p.put("feed.dir", dir.resolve("feed").toString());
            p.put("feed.poll-seconds", "1");
            p.put("products.file", Path.of("config/products.yaml").toAbsolutePath().toString());
            p.put("templates.dir", Path.of("templates").toAbsolutePath().toString());
            p.put("data.dir", dir.resolve("data").toString());
            p.put("key.secret", KEY_SECRET);
            p.put("worker.threads", "2");
            p.putAll(overrides);
            StringBuilder text = new StringBuilder();
            p.forEach((k, v) -> text.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
            Path file = Files.writeString(dir.resolve("activation.properties"), text, StandardCharsets.UTF_8);
            return new ProcessConfig(dir, file, Map.copyOf(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String dbUrl() {
        return values.get("db.url");
    }

    public String baseUrl() {
        return values.get("public.base-url");
    }

    public Path feedDir() {
        return dir.resolve("feed");
    }
}
