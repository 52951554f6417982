package io.activationworker.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

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
        int redeemMaxFailures,
        Duration redeemFailureWindow,
        Optional<String> dkimDomain,
        String dkimSelector,
        Optional<Path> dkimPrivateKeyFile,
        String logFormat) {

    public boolean embeddedDatabase() {
        return dbUrl.isEmpty();
    }

    public boolean embeddedSmtp() {
        return smtpHost.isEmpty();
    }

    public boolean secureCookies() {
        return publicBaseUrl.startsWith("https://");
    }
}
