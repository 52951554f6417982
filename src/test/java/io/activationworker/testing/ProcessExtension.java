package io.activationworker.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Starts the product's processes ({@link AppProcess}) for a test and kills every one of them after
 * it, whatever the test did to them (paused, killed, left running):
 * {@code @RegisterExtension final ProcessExtension processes = new ProcessExtension();}.
 */
public final class ProcessExtension extends Fixture {

    private final List<AppProcess> started = new CopyOnWriteArrayList<>();

    @Override
    protected void open() {
    }

    @Override
    protected void close() {
        killAll();
    }

    /**
     * Kills every process started so far, at once; for a test whose own clean-up must come after
     * (JUnit runs {@code @AfterEach} methods before the extension's).
     */
    public void killAll() {
        try {
            started.forEach(AppProcess::close);
        } finally {
            started.clear();
        }
    }

    /** Starts a long-running command with its configuration file, see {@link AppProcess#start}. */
    public AppProcess start(String name, Path config, Map<String, String> env, String... command) {
        return keep(AppProcess.start(name, config, env, command));
    }

    /** Starts a long-running command and waits until it logs {@code event=started role=COMMAND}. */
    public AppProcess startAndAwait(String name, Path config, Duration timeout, String command) {
        AppProcess p = start(name, config, Map.of(), command);
        p.awaitLog("event=started role=" + command, timeout);
        return p;
    }

    /** Starts a long-running command configured by environment variables alone (no {@code --config}). */
    public AppProcess startWithEnv(String name, Map<String, String> env, String... command) {
        return keep(AppProcess.startWithEnv(name, env, command));
    }

    private AppProcess keep(AppProcess p) {
        started.add(p);
        return p;
    }
}
