package io.activationworker.config;

import io.activationworker.web.TrustedProxies;
import io.activationworker.web.WebSettings;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads {@code activation.properties}, applies {@code ACTIVATION_*} environment overrides
 * ({@code db.url} → {@code ACTIVATION_DB_URL}) and validates every key, reporting all problems
 * at once. The environment is read here and nowhere else.
 *
 * <p>A key is known because it is read: every key is read on every load (never only when another
 * key is set), and after the last read any key in the file or {@code ACTIVATION_*} variable that
 * was not asked for is reported as unknown, with the nearest known key as a hint. A typo such as
 * {@code smtp.hots} must not silently select an embedded default.
 */
public final class ConfigLoader {

    private final Map<String, String> environment;
    private static final String ENV_PREFIX = "ACTIVATION_";

    private final List<String> problems = new ArrayList<>();
    private final Set<String> known = new LinkedHashSet<>();
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
        int httpThreads = (int) number("http.threads", defaultHttpThreads(), 1, 256);
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
                httpThreads,
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
                Duration.ofHours(number("session.lifetime-hours", 12, 1, 30 * 24)),
                (int) number("redeem.max-failures", 10, 1, 10_000),
                Duration.ofMinutes(number("redeem.failure-window-minutes", 15, 1, 24 * 60)),
                optional("dkim.domain"),
                text("dkim.selector", ""),
                optional("dkim.private-key-file").map(Path::of),
                oidc(),
                parse("log.format", "text", v -> {
                    if (!v.equals("text") && !v.equals("json")) {
                        throw new IllegalArgumentException("is not text or json");
                    }
                    return v;
                }),
                web(httpPort, httpThreads),

                // issue 16
                bool("webhook.allow-private", false),
                Duration.ofSeconds(number("webhook.timeout-seconds", 10, 1, 15)));
        if (config.keySecret().isPresent() && config.keySecret().get().length() < 32) {
            problems.add("key.secret: must be at least 32 characters (or empty to generate one under data.dir)");
        }
        if (config.dkimDomain().isPresent() && (config.dkimSelector().isEmpty() || config.dkimPrivateKeyFile().isEmpty())) {
            problems.add("dkim.domain: '" + config.dkimDomain().get()
                    + "' needs dkim.selector and dkim.private-key-file as well");
        }
        config.dkimPrivateKeyFile().filter(f -> !java.nio.file.Files.isReadable(f))
                .ifPresent(f -> problems.add("dkim.private-key-file: '" + f + "' cannot be read"));
        reportUnknownKeys();
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    /** Every key in the file and every {@code ACTIVATION_*} variable that no read asked for. */
    private void reportUnknownKeys() {
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (!known.contains(key)) {
                problems.add(key + ": unknown key" + hint(key, known));
            }
        }
        List<String> knownVariables = known.stream().map(ConfigLoader::envName).toList();
        for (String name : new TreeSet<>(environment.keySet())) {
            if (name.startsWith(ENV_PREFIX) && !knownVariables.contains(name)) {
                problems.add(name + ": unknown variable" + hint(name, knownVariables));
            }
        }
    }

    /** "; did you mean smtp.host?" when a known key is a few edits away, else empty. */
    static String hint(String unknown, java.util.Collection<String> candidates) {
        return candidates.stream()
                .min(Comparator.comparingInt(c -> editDistance(unknown, c)))
                .filter(c -> editDistance(unknown, c) <= Math.max(2, unknown.length() / 3))
                .map(c -> "; did you mean " + c + "?")
                .orElse(" (every key is listed in config/activation.properties)");
    }

    /** Levenshtein distance, case-insensitive. */
    static int editDistance(String a, String b) {
        a = a.toLowerCase(Locale.ROOT);
        b = b.toLowerCase(Locale.ROOT);
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The raw value after environment override; blank counts as absent. */
    private Optional<String> raw(String key) {
        known.add(key);
        String envName = envName(key);
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

    /**
     * issue 12: the web edge. {@code http.header-timeout-seconds} is the header-read deadline: a
     * connection that has not sent a complete request line and header block within it is closed.
     */
    private WebSettings web(int httpPort, int httpThreads) {
        Optional<Integer> managementPort = raw("management.port").isPresent()
                ? Optional.of(port("management.port", 0)) : Optional.empty();
        String managementBind = text("management.bind", "127.0.0.1"); // read always: a read key is a known key
        boolean https = text("public.base-url", "").startsWith("https://");
        return new WebSettings(
                text("http.bind", "127.0.0.1"),
                httpPort,
                httpThreads,
                Duration.ofSeconds(number("http.header-timeout-seconds", 10, 1, 300)),
                Duration.ofSeconds(number("http.idle-timeout-seconds", 30, 1, 3600)),
                (int) number("http.max-header-bytes", 16 * 1024, 1024, 1024 * 1024),
                number("http.max-body-bytes", 64 * 1024, 1024, 1L << 30),
                (int) number("http.max-connections", 20_000, 1, 1_000_000),
                parse("http.trusted-proxies", TrustedProxies.none(), TrustedProxies::parse),
                https,
                managementPort.map(p -> new WebSettings.Listen(managementBind, p)));
    }

    /** issue 15: {@code oidc.*}; the other keys are needed only when {@code oidc.issuer} is set. */
    private Optional<OidcSettings> oidc() {
        Optional<String> issuer = parse("oidc.issuer", Optional.<String>empty(), v -> {
            try {
                URI uri = new URI(v);
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                    throw new IllegalArgumentException("is not an http(s) URL");
                }
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException("is not an http(s) URL");
            }
            return Optional.of(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
        });
        String clientId = text("oidc.client-id", "");
        String secret = text("oidc.client-secret", "");
        String displayName = text("oidc.display-name", "");
        String emailClaim = text("oidc.email-claim", "email");
        if (issuer.isEmpty()) {
            return Optional.empty();
        }
        if (clientId.isEmpty()) {
            problems.add("oidc.client-id: is required when oidc.issuer is set (the client id registered at the provider)");
        }
        return Optional.of(new OidcSettings(issuer.get(), clientId, secret, displayName, emailClaim));
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
