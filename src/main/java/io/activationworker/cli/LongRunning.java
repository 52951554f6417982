package io.activationworker.cli;

import io.activationworker.Roles;
import io.activationworker.Services;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs roles until SIGTERM/SIGINT, then stops them in order and exits 0. */
final class LongRunning {

    private static final Logger log = LoggerFactory.getLogger(LongRunning.class);

    private LongRunning() {
    }

    static int run(ConfigOption config, String role, Consumer<Roles> start) {
        Services services = Services.open(config.load(), 24);
        Roles roles = new Roles(services);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("event=shutdown_requested role={}", role);
            roles.close();
            services.close();
            stopped.countDown();
        }, "shutdown"));
        try {
            start.accept(roles);
        } catch (RuntimeException e) {
            roles.close();
            services.close();
            throw e;
        }
        roles.webPort().ifPresent(port -> System.err.println("activation-worker " + role + ": " + services.publicBaseUrl()
                + (roles.embeddedSmtp().isPresent() ? "  (emails: " + services.publicBaseUrl() + "/dev/mailbox)" : "")));
        log.info("event=started role={}", role);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
