package io.activationworker.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One JVM started by the bench: the product jar ({@code java -jar activation-worker.jar CMD}) or a
 * bench driver class. Output goes to a log file under the run's work folder; every pid is written
 * to {@code pids} so that bench/run can stop what is left if this driver dies.
 */
final class ProductProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    private ProductProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * The product as README runs it: {@code java @config/jvm.options [jvmOptions] -jar ...}; options
     * given here come after the argument file and so win over it.
     */
    static ProductProcess product(BenchContext ctx, String name, List<String> jvmOptions, Map<String, String> env,
                                  String... args) {
        List<String> options = new ArrayList<>();
        options.add("@" + ctx.repo().resolve("config/jvm.options"));
        options.addAll(jvmOptions);
        return productWithJvmDefaults(ctx, name, options, env, args);
    }

    /** The product on a bare {@code java -jar}: heap and collector sized by the JVM from the machine. */
    static ProductProcess productWithJvmDefaults(BenchContext ctx, String name, List<String> jvmOptions,
                                                 Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ctx.java());
        command.addAll(jvmOptions);
        command.addAll(ctx.profileOptions(name));
        command.addAll(ctx.extraProductOptions());
        command.add("-jar");
        command.add(ctx.productJar().toString());
        command.addAll(List.of(args));
        return start(ctx, name, command, env);
    }

    static ProductProcess driver(BenchContext ctx, String name, List<String> jvmOptions, Map<String, String> env,
                                 Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ctx.java());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(ctx.classpath());
        command.add(main.getName());
        command.addAll(List.of(args));
        return start(ctx, name, command, env);
    }

    private static ProductProcess start(BenchContext ctx, String name, List<String> command, Map<String, String> env) {
        Path log = ctx.work().resolve("logs").resolve(name + ".log");
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder(command).directory(ctx.repo().toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("ACTIVATION_"));
            pb.environment().putAll(env);
            Process p = pb.start();
            Files.writeString(ctx.work().resolve("pids"), p.pid() + "\n", StandardCharsets.US_ASCII,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return new ProductProcess(name, p, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Waits for a line containing {@code needle} in the output; fails if the process ends first. */
    void awaitOutput(String needle, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (output().contains(needle)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " ended (exit " + process.exitValue() + ") before printing '"
                        + needle + "'; see " + log);
            }
            Bench.sleep(20);
        }
        throw new IllegalStateException(name + " did not print '" + needle + "' within " + timeout + "; see " + log);
    }

    String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the process to end by itself and returns its exit code. */
    int await(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                throw new IllegalStateException(name + " did not finish within " + timeout + "; see " + log);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Resident set size of the JVM process in MiB, from /proc. */
    double rssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no VmRSS for " + name);
    }

    /** The values a driver printed as {@code RESULT key=value} lines. */
    Map<String, String> results() {
        Map<String, String> results = new java.util.LinkedHashMap<>();
        for (String line : output().split("\n")) {
            if (line.startsWith("RESULT ")) {
                String[] kv = line.substring(7).split("=", 2);
                results.put(kv[0].trim(), kv.length > 1 ? kv[1].trim() : "");
            }
        }
        return results;
    }

    /** SIGTERM (the product's shutdown hook stops its parts in order), then SIGKILL after 30 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
