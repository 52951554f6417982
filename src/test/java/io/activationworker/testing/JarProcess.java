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

/** The packaged jar run as a child process, as an operator runs it; output kept in a file. */
public final class JarProcess implements AutoCloseable {

    public static final Path JAR = Path.of("target/activation-worker.jar");

    private final Process process;
    private final Path output;

    private JarProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    public static JarProcess start(Path workDir, Map<String, String> env, String... args) {
        try {
            Files.createDirectories(workDir);
            Path output = Files.createTempFile(workDir, "out", ".log");
            List<String> command = new ArrayList<>(List.of("java", "-Xmx256m", "-jar", JAR.toAbsolutePath().toString()));
            command.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            pb.environment().putAll(env);
            return new JarProcess(pb.start(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a short command to its end and returns its exit code. */
    public static Result run(Path workDir, Map<String, String> env, String... args) {
        try (JarProcess p = start(workDir, env, args)) {
            int code = p.waitFor(Duration.ofSeconds(60));
            return new Result(code, p.output());
        }
    }

    public record Result(int exitCode, String output) {
    }

    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the process did not end within " + timeout + ":\n" + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public void signal(String name) {
        try {
            new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
