package io.activationworker.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a bench run lives and how it starts JVMs: the repository (working directory of every
 * product process), the run's fresh work folder, the product jar, the drivers' class path, and
 * whether this is the small CI run or a profiling run.
 */
record BenchContext(Path repo, Path work, Path productJar, String classpath, boolean quick, boolean profile,
                    int smtpSinkPort) {

    /** The same secret for every process of a run, so the bench can open sealed tokens. */
    static final String KEY_SECRET = "bench-secret-bench-secret-bench-secret-0123456789";

    String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Java Flight Recorder for product processes when profiling; summarised by {@link JfrSummary}. */
    /** {@code BENCH_JAVA_OPTIONS}: more JVM options for every product process, for trying one by hand. */
    List<String> extraProductOptions() {
        String extra = System.getenv("BENCH_JAVA_OPTIONS");
        return extra == null || extra.isBlank() ? List.of() : List.of(extra.trim().split("\\s+"));
    }

    List<String> profileOptions(String name) {
        if (!profile) {
            return List.of();
        }
        Path dir = work.resolve("profiles");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String asyncProfiler = System.getenv("BENCH_ASYNC_PROFILER");
        if (asyncProfiler != null && !asyncProfiler.isBlank()) {
            // async-profiler sees native and JIT frames and has no safepoint bias; JFR is the default
            // because it ships with the JDK. One file per 3 s, so a timed window can be read apart
            // from start-up and warm-up.
            return List.of("-agentpath:" + asyncProfiler + "=start,event=cpu,interval=1ms,loop=3s,collapsed,file="
                    + dir.resolve(name + "-%t.collapsed"));
        }
        return List.of("-XX:StartFlightRecording=filename=" + dir.resolve(name + ".jfr") + ",settings=profile,dumponexit=true");
    }

    /** Quick (CI) runs shrink every scenario. */
    int scale(int full, int quickSize) {
        return quick ? quickSize : full;
    }
}
