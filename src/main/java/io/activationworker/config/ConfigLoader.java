package io.activationworker.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * Reads {@code activation.properties}, applies {@code ACTIVATION_*} environment overrides
 * ({@code db.url} → {@code ACTIVATION_DB_URL}) and validates every key, reporting all problems
 * at once. The environment is read here and nowhere else.
 */
public final class ConfigLoader {

    private final Map<String, String> environment;
    private final List<String> problems = new ArrayList<>();
    private Properties properties;

    public ConfigLoader(Map<String, String> environment) {
        this.environment = environment;
    }

    public static AppConfig fromFile(Path file) {
        return new ConfigLoader(System.getenv()).load(file);
    }

    public AppConfig load(Path file) {
        properties = new Properties();
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(List.of("config: " + file + " does not exist (use --config FILE)"));
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(List.of("config: " + file + " cannot be read: " + e.getMessage()));
        }
        int httpPort = port("http.port", 8080);
        AppConfig config = new AppConfig(
                optional("db.url"),
                text("db.user", ""),
                text("db.password", ""),
                optional("smtp.host"),
                port("smtp.port", 2525),
                text("smtp.user", ""),
                text("smtp.password", ""),
                bool("smtp.starttls", false),
                bool("smtp.pipelining", true),
                (int) number("smtp.max-per-second", 0, 0, 100_000),
                mailFrom(),
                text("http.bind", "127.0.0.1"),
                httpPort,
                (int) number("http.threads", defaultHttpThreads(), 1, 256),
                baseUrl(httpPort),
                path("feed.dir", "config/feed"),
                Duration.ofSeconds(number("feed.poll-seconds", 5, 1, 86_400)),
                number("feed.max-bytes", 32L * 1024 * 1024, 1024, 1L << 31),
                path("products.file", "config/products.yaml"),
                path("templates.dir", "templates"),
                (int) number("link.ttl-days", 30, 1, 3650),
                (int) number("reminder.after-days", 7, 1, 3650),
                text("terms.version", "2026-01"),
                (int) number("worker.threads", 16, 1, 256),
                (int) number("worker.batch-size", 50, 1, 10_000),
                Duration.ofSeconds(number("worker.lease-seconds", 60, 5, 86_400)),
                (int) number("worker.max-attempts", 15, 1, 1000),
                Duration.ofMillis(number("worker.retry-base-ms", 5000, 10, 3_600_000)),
                path("data.dir", "data"),
                optional("key.secret"),
                Duration.ofMinutes(number("session.idle-minutes", 30, 1, 7 * 24 * 60)),
                (int) number("redeem.max-failures", 10, 1, 10_000),
                Duration.ofMinutes(number("redeem.failure-window-minutes", 15, 1, 24 * 60)),
                optional("dkim.domain"),
                text("dkim.selector", ""),
                optional("dkim.private-key-file").map(Path::of),
                parse("log.format", "text", v -> {
                    if (!v.equals("text") && !v.equals("json")) {
                        throw new IllegalArgumentException("is not text or json");
                    }
                    return v;
                }));
        if (config.keySecret().isPresent() && config.keySecret().get().length() < 32) {
            problems.add("key.secret: must be at least 32 characters (or empty to generate one under data.dir)");
        }
        if (config.dkimDomain().isPresent() && (config.dkimSelector().isEmpty() || config.dkimPrivateKeyFile().isEmpty())) {
            problems.add("dkim.domain: '" + config.dkimDomain().get()
                    + "' needs dkim.selector and dkim.private-key-file as well");
        }
        config.dkimPrivateKeyFile().filter(f -> !java.nio.file.Files.isReadable(f))
                .ifPresent(f -> problems.add("dkim.private-key-file: '" + f + "' cannot be read"));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    /** The raw value after environment override; blank counts as absent. */
    private Optional<String> raw(String key) {
        String envName = "ACTIVATION_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        String value = environment.containsKey(envName) ? environment.get(envName) : properties.getProperty(key);
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }

    private Optional<String> optional(String key) {
        return raw(key);
    }

    private String text(String key, String fallback) {
        return raw(key).orElse(fallback);
    }

    private Path path(String key, String fallback) {
        return Path.of(text(key, fallback));
    }

    private boolean bool(String key, boolean fallback) {
        return parse(key, fallback, v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("is not true or false");
        });
    }

    private int port(String key, int fallback) {
        return parse(key, fallback, v -> {
            int port;
            try {
                port = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("is not a port number");
            }
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("is not a port number (0-65535)");
            }
            return port;
        });
    }

    private long number(String key, long fallback, long min, long max) {
        return parse(key, fallback, v -> {
            long n;
            try {
                n = Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("is not a whole number");
            }
            if (n < min || n > max) {
                throw new IllegalArgumentException("must be between " + min + " and " + max);
            }
            return n;
        });
    }

    /**
     * Twice the CPU cores, at least 4: a request is short work for this machine's CPU and
     * PostgreSQL, and more threads only take turns on the cores. On 2 cores 4 or 8 threads
     * answered activations with a p99 of 36-47 ms where 64 took 79-84 ms (bench/NOTES.md §20).
     */
    static int defaultHttpThreads() {
        return Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    }

    private String mailFrom() {
        return parse("mail.from", "Licence activation <activation@localhost>", v -> {
            try {
                new jakarta.mail.internet.InternetAddress(v, true);
                return v;
            } catch (jakarta.mail.internet.AddressException e) {
                throw new IllegalArgumentException("is not an email address");
            }
        });
    }

    private String baseUrl(int httpPort) {
        String fallback = "http://localhost:" + httpPort;
        return parse("public.base-url", fallback, v -> {
            try {
                URI uri = new URI(v);
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                    throw new IllegalArgumentException("is not an http(s) URL");
                }
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException("is not an http(s) URL");
            }
            return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
        });
    }

    private <T> T parse(String key, T fallback, Function<String, T> parser) {
        Optional<String> value = raw(key);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            return parser.apply(value.get());
        } catch (IllegalArgumentException e) {
            problems.add(key + ": '" + value.get() + "' " + e.getMessage());
            return fallback;
        }
    }
}
