package io.activationworker.cli;

import io.activationworker.Roles;
import io.activationworker.Services;
import io.activationworker.config.AppConfig;
import io.activationworker.ops.LogFormat;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/** Runs roles until SIGTERM/SIGINT, then stops them in order and exits 0. */
final class LongRunning {

    private static final Logger log = LoggerFactory.getLogger(LongRunning.class);

    private LongRunning() {
    }

    static int run(ConfigOption config, String role, Consumer<Roles> start) {
        AppConfig appConfig = config.load();
        LogFormat.apply(appConfig.logFormat());
        // Once, with every password and secret masked (AppConfig.toString).
        log.info("event=config_loaded role={} config=\"{}\"", role, appConfig);
        // A connection for every web and worker thread, and two for the feed watcher and the reminders,
        // so no thread waits for a connection another thread of this process holds.
        Services services = Services.open(appConfig, appConfig.httpThreads() + appConfig.workerThreads() + 2);
        services.database().superviseEmbedded(Duration.ofSeconds(2));
        Roles roles = new Roles(services);
        CountDownLatch stopRequested = new CountDownLatch(1);
        // SIGTERM and SIGINT end the wait below; the main thread then stops everything in order
        // and the process exits 0, which a JVM shutdown hook alone cannot achieve.
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> stopRequested.countDown());
        }
        try {
            start.accept(roles);
        } catch (RuntimeException e) {
            roles.close();
            services.close();
            throw e;
        }
        StartupBanner.text(role, services.publicBaseUrl(), appConfig.httpBind(), roles.webPort(),
                appConfig.web().management().map(m -> m.bind()), roles.managementPort(),
                roles.embeddedSmtp().isPresent() && !role.equals("worker")).ifPresent(System.err::println);
        log.info("event=started role={}", role);
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("event=shutdown_requested role={}", role);
        roles.close();
        services.close();
        log.info("event=stopped role={}", role);
        return 0;
    }
}
