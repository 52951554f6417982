package io.activationworker.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The product as an operator runs it: {@code java -jar target/activation-worker.jar COMMAND
 * [--config FILE]} in its own process, its output (logs included) in a file under
 * {@code target/process-logs/fork-N/}; without a configuration file, it is configured by
 * {@code ACTIVATION_*} environment variables and its defaults alone. Lets a test do to it what
 * happens to real processes: kill -9, SIGTERM, SIGSTOP, SIGCONT. {@link #close()} always leaves
 * nothing running; {@link ProcessExtension} closes every process it started after each test.
 */
public final class AppProcess implements AutoCloseable {

    public static final Path JAR = Path.of("target", "activation-worker.jar").toAbsolutePath();
    /** One folder per failsafe fork, so that two forks never write the same log file. */
    private static final Path LOGS = Path.of("target", "process-logs", "fork-" + System.getProperty("test.fork", "0"))
            .toAbsolutePath();
    private static final String DEFAULT_HEAP = "256m";

    private final String name;
    private final Process process;
    private final Path log;

    private AppProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts a long-running command ({@code run}, {@code worker}, {@code serve}). */
    public static AppProcess start(String name, Path config, Map<String, String> env, String... command) {
        return launch(name, config, env, command);
    }

    /** Starts a long-running command configured by environment variables alone (no {@code --config}). */
    public static AppProcess startWithEnv(String name, Map<String, String> env, String... command) {
        return launch(name, null, env, command);
    }

    private static AppProcess launch(String name, Path config, Map<String, String> env, String... command) {
        try {
            Files.createDirectories(LOGS);
            Path log = LOGS.resolve(name + ".log");
            Files.deleteIfExists(log);
            ProcessBuilder pb = new ProcessBuilder(commandLine(DEFAULT_HEAP, config, command))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().putAll(env);
            return new AppProcess(name, pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    /** Runs a one-off command ({@code status}, {@code import} …) to its end. */
    public static Result run(Path config, Map<String, String> env, Duration timeout, String... command) {
        return run(DEFAULT_HEAP, config, env, timeout, command);
    }

    /** Runs a one-off command configured by environment variables alone (no {@code --config}). */
    public static Result runWithEnv(Map<String, String> env, Duration timeout, String... command) {
        return run(DEFAULT_HEAP, null, env, timeout, command);
    }

    /**
     * Runs a one-off command in a JVM with the given maximum heap ({@code -Xmx}); running out of it
     * ends the process at once (exit 3) instead of limping on.
     */
    public static Result run(String maxHeap, Path config, Map<String, String> env, Duration timeout, String... command) {
        try {
            Files.createDirectories(LOGS);
            Path out = Files.createTempFile(LOGS, command[0] + "-", ".out");
            Path err = Files.createTempFile(LOGS, command[0] + "-", ".err");
            ProcessBuilder pb = new ProcessBuilder(commandLine(maxHeap, config, command))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            try {
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError(String.join(" ", command) + " did not end within " + timeout);
                }
            } finally {
                p.destroyForcibly();
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** What a finished command printed: stdout (the answer) and stderr (its log). */
    public record Result(int exitCode, String stdout, String stderr) {

        /** All it printed: stdout, then stderr. */
        public String output() {
            return stdout + stderr;
        }
    }

    private static List<String> commandLine(String maxHeap, Path config, String... command) {
        List<String> line = new ArrayList<>(List.of("java", "-Xmx" + maxHeap, "-XX:+ExitOnOutOfMemoryError",
                "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()));
        line.addAll(List.of(command));
        if (config != null) {
            line.add("--config");
            line.add(config.toAbsolutePath().toString());
        }
        return line;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Everything the process wrote so far. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path logFile() {
        return log;
    }

    /** Waits until the log contains the text; fails early, with the log, if the process died. */
    public void awaitLog(String text, Duration timeout) {
        Poll.until(timeout, name + " to log \"" + text + "\"", () -> {
            if (log().contains(text)) {
                return true;
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " ended (exit " + process.exitValue() + ") before logging \""
                        + text + "\":\n" + log());
            }
            return false;
        });
    }

    /** {@code kill -9}: no shutdown hook runs, nothing is released. */
    public void kill9() {
        process.destroyForcibly();
        waitForExit();
    }

    /** {@code kill -TERM}: the operator's stop; returns the exit code. */
    public int terminate(Duration timeout) {
        signal("TERM");
        return awaitExit(timeout);
    }

    /** Waits for the process to end by itself; returns the exit code, or fails with the log. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " did not end within " + timeout + ":\n" + log());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return process.exitValue();
    }

    /** {@code kill -STOP}: frozen in the middle of whatever it was doing. */
    public void pause() {
        signal("STOP");
    }

    /** {@code kill -CONT}. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill -" + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError(name + " did not end");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Kills the process (waking it first if it was stopped) and waits until it is gone. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                new ProcessBuilder("kill", "-CONT", Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException ignored) {
                // SIGKILL also ends a stopped process; SIGCONT only makes it go faster.
            }
            waitForExit();
        }
    }
}
