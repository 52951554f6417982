package io.activationworker.outbox;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Records sent messages for every worker thread of the process, on a thread of its own, so that
 * a sending thread goes on to its next message while its last one is recorded. Whatever was
 * handed in while a statement ran goes in the next one: one statement and one commit for the
 * messages of many threads (with 16 connections to a relay 20 ms away, up to 400 a second).
 *
 * <p>Why: the sending thread acknowledged each slow message itself before the next; against a
 * relay 20 ms away that was ~20 of each message's ~66 ms (bench/NOTES.md §25, §26).
 */
final class SentAcknowledger implements AutoCloseable {

    /** Some sent messages of one owner, and how many of them were still the owner's once recorded. */
    record Acknowledgement(long[] ids, String owner, CompletableFuture<Integer> marked) {
    }

    private final DeliveryDao dao;
    private final LinkedBlockingQueue<Acknowledgement> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    SentAcknowledger(DeliveryDao dao) {
        this.dao = dao;
        this.thread = new Thread(this::loop, "outbox-acknowledger");
        thread.setDaemon(true);
        thread.start();
    }

    /** Hands {@code ids} in for recording; the future completes once they are committed. */
    Acknowledgement submit(long[] ids, String owner) {
        Acknowledgement a = new Acknowledgement(ids, owner, new CompletableFuture<>());
        synchronized (this) {
            if (running) {
                queue.add(a);
                return a;
            }
        }
        record(List.of(a)); // closed: a thread that outlived the worker's stop records its own
        return a;
    }

    private void loop() {
        while (running || !queue.isEmpty()) {
            Acknowledgement first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (first != null) {
                List<Acknowledgement> batch = new ArrayList<>();
                batch.add(first);
                queue.drainTo(batch);
                record(batch);
            }
        }
    }

    private void record(List<Acknowledgement> batch) {
        int size = 0;
        for (Acknowledgement a : batch) {
            size += a.ids().length;
        }
        long[] ids = new long[size];
        String[] owners = new String[size];
        int i = 0;
        for (Acknowledgement a : batch) {
            for (long id : a.ids()) {
                ids[i] = id;
                owners[i++] = a.owner();
            }
        }
        try {
            Set<Long> marked = new HashSet<>();
            for (long id : dao.markSent(ids, owners)) {
                marked.add(id);
            }
            for (Acknowledgement a : batch) {
                int n = 0;
                for (long id : a.ids()) {
                    n += marked.contains(id) ? 1 : 0;
                }
                a.marked().complete(n);
            }
        } catch (RuntimeException e) {
            // The database may be down: each sending thread learns it and stops its batch.
            batch.forEach(a -> a.marked().completeExceptionally(e));
        }
    }

    /** Records what is still queued, then ends the thread. */
    @Override
    public void close() {
        synchronized (this) {
            running = false;
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
