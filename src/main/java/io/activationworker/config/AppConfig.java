package io.activationworker.config;

import java.nio.file.Path;
import java.time.Duration;
import java.lang.reflect.RecordComponent;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The effective configuration: loaded once by {@link ConfigLoader}, validated whole, immutable.
 * Empty optional values select the embedded defaults (database, SMTP server, key secret).
 */
public record AppConfig(
        Optional<String> dbUrl,
        String dbUser,
        String dbPassword,
        Optional<String> smtpHost,
        int smtpPort,
        String smtpUser,
        String smtpPassword,
        boolean smtpStarttls,
        boolean smtpPipelining,
        int smtpMaxPerSecond,
        String mailFrom,
        String httpBind,
        int httpPort,
        int httpThreads,
        String publicBaseUrl,
        Path feedDir,
        Duration feedPoll,
        long feedMaxBytes,
        Path productsFile,
        Path templatesDir,
        int linkTtlDays,
        int reminderAfterDays,
        String termsVersion,
        int workerThreads,
        int workerBatchSize,
        Duration workerLease,
        int workerMaxAttempts,
        Duration workerRetryBase,
        Path dataDir,
        Optional<String> keySecret,
        Duration sessionIdle,
        Duration sessionLifetime,
        int redeemMaxFailures,
        Duration redeemFailureWindow,
        Optional<String> dkimDomain,
        String dkimSelector,
        Optional<Path> dkimPrivateKeyFile,
        Optional<OidcSettings> oidc,
        String logFormat,
        // issue 12: the web edge
        io.activationworker.web.WebSettings web,
        // issue 16
        boolean webhookAllowPrivate,
        Duration webhookTimeout) {

    public boolean embeddedDatabase() {
        return dbUrl.isEmpty();
    }

    public boolean embeddedSmtp() {
        return smtpHost.isEmpty();
    }

    public boolean secureCookies() {
        return publicBaseUrl.startsWith("https://");
    }

    /**
     * Every value, with secrets masked: any component whose name holds "password" or "secret",
     * and a password inside {@code db.url}. Safe to log; the start-up log line is this.
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("AppConfig[");
        RecordComponent[] components = AppConfig.class.getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            Object value;
            try {
                value = c.getAccessor().invoke(this);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            text.append(i == 0 ? "" : ", ").append(c.getName()).append('=').append(masked(c.getName(), value));
        }
        return text.append(']').toString();
    }

    private static String masked(String name, Object value) {
        String lower = name.toLowerCase(Locale.ROOT);
        boolean empty = value == null || value.equals(Optional.empty()) || "".equals(value);
        if ((lower.contains("password") || lower.contains("secret")) && !lower.endsWith("file")) {
            return empty ? "(empty)" : "****";
        }
        String text = String.valueOf(value instanceof Optional<?> o ? o.map(Object::toString).orElse("(empty)") : value);
        // jdbc:postgresql://host/db?user=x&password=y: keep the address, hide the password.
        return PASSWORD_IN_URL.matcher(text).replaceAll("$1****");
    }

    private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)(password=)[^&;]*");
}
