package io.activationworker.ops;

import io.activationworker.web.Route;
import io.activationworker.web.WebResponse;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code /healthz} (the process is up: touches nothing, so it answers whatever the database does)
 * and {@code /readyz} (database answers, migrations current). The readiness check runs on a thread
 * of its own and is given {@link #READY_DEADLINE_MS}: a paused PostgreSQL makes {@code /readyz}
 * answer 503 at once instead of after the pool's and the driver's timeouts. Probes arriving while
 * a check is still running share it, so a paused database never piles up checking threads.
 */
final class HealthPages {

    static final long READY_DEADLINE_MS = 1_500;
    private static final String TEXT = "text/plain; charset=utf-8";

    private final ReadinessQueries database;
    private final ExecutorService checker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "readiness-check");
        t.setDaemon(true);
        return t;
    });
    private Future<String> inFlight;
    /** Applied migrations are never un-applied: once current, only the database's answer is checked. */
    private volatile boolean migrationsCurrent;

    HealthPages(ReadinessQueries database) {
        this.database = database;
    }

    List<Route> routes() {
        return List.of(
                Route.get("/healthz", (req, m) -> WebResponse.text(200, TEXT, "ok\n")),
                Route.get("/readyz", (req, m) -> ready()));
    }

    private WebResponse ready() {
        try {
            String problem = check().get(READY_DEADLINE_MS, TimeUnit.MILLISECONDS);
            return problem.isEmpty() ? WebResponse.text(200, TEXT, "ready\n") : WebResponse.text(503, TEXT, problem + "\n");
        } catch (TimeoutException | ExecutionException e) {
            return WebResponse.text(503, TEXT, "database unavailable\n");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return WebResponse.text(503, TEXT, "database unavailable\n");
        }
    }

    private synchronized Future<String> check() {
        if (inFlight == null || inFlight.isDone()) {
            inFlight = checker.submit(this::probe);
        }
        return inFlight;
    }

    /** Empty when ready, else why not. */
    private String probe() {
        try {
            database.ping();
            if (!migrationsCurrent) {
                migrationsCurrent = database.migrationsCurrent();
            }
            return migrationsCurrent ? "" : "migrations pending";
        } catch (RuntimeException e) {
            return "database unavailable";
        }
    }
}
