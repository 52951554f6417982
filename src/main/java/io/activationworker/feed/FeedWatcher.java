package io.activationworker.feed;

import io.activationworker.db.DatabaseUnavailable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads feed files that changed (size or modification time) every {@code feed.poll-seconds}.
 * A file whose import failed for a passing reason (database down) is tried again next round.
 */
public final class FeedWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FeedWatcher.class);

    private final Path dir;
    private final Duration poll;
    private final FeedReader reader;
    private final FeedImporter importer;
    private final IntConsumer onRejections;
    private final Map<Path, String> seen = new HashMap<>();
    private volatile boolean stopping;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "feed-watcher");
        t.setDaemon(true);
        return t;
    });

    /** @param onRejections told how many agreements, keys or files each import rejected (metrics) */
    public FeedWatcher(Path dir, Duration poll, FeedReader reader, FeedImporter importer, IntConsumer onRejections) {
        this.dir = dir;
        this.poll = poll;
        this.reader = reader;
        this.importer = importer;
        this.onRejections = onRejections;
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::scan, 0, poll.toMillis(), TimeUnit.MILLISECONDS);
        log.info("event=feed_watcher_started dir={} poll_s={}", dir, poll.toSeconds());
    }

    /** One pass over the folder; public so tests and commands can run it synchronously. */
    public synchronized void scan() {
        if (!Files.isDirectory(dir)) {
            log.warn("event=feed_dir_missing dir={}", dir);
            return;
        }
        try {
            for (Path file : FeedFiles.list(dir)) {
                String stamp = stamp(file);
                if (stamp.equals(seen.get(file))) {
                    continue;
                }
                if (importFile(file)) {
                    seen.put(file, stamp);
                }
            }
        } catch (RuntimeException e) {
            log.warn("event=feed_scan_failed dir={} reason=\"{}\"", dir, e.getMessage(), e);
        }
    }

    /** True when the file was dealt with (imported or rejected whole); false to retry next round. */
    private boolean importFile(Path file) {
        try {
            onRejections.accept(importer.importDocument(reader.read(file)).rejections().size());
            return true;
        } catch (RuntimeException e) {
            if (stopping || Thread.currentThread().isInterrupted() || e instanceof ImportInterrupted) {
                // Shutdown cut the read (ClosedByInterruptException) or the import: not the file's fault.
                log.info("event=feed_import_interrupted file={} outcome=imported_at_next_start", file);
                return false;
            }
            if (e instanceof FeedFileRejectedException rejected) {
                log.error("event=feed_file_rejected {}", rejected.getMessage());
                onRejections.accept(1);
                return true;
            }
            if (DatabaseUnavailable.causedBy(e)) {
                log.warn("event=feed_import_failed file={} reason=\"database unavailable\" outcome=retry_next_poll", file);
            } else {
                log.warn("event=feed_import_failed file={} reason=\"{}\" outcome=retry_next_poll", file, e.getMessage(), e);
            }
            return false;
        }
    }

    private static String stamp(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis() + ":" + Files.size(file);
        } catch (IOException e) {
            return "unreadable";
        }
    }

    /**
     * Interrupts an import in progress, which stops between two transactions, and waits for it
     * (the pool it uses closes next).
     */
    @Override
    public void close() {
        stopping = true;
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("event=feed_watcher_stop_slow outcome=stopping_anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
