package io.activationworker.outbox;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Records sent messages for every worker thread of the process, on threads of its own (as many as
 * there are sending threads), so that a sending thread goes on to its next message while its last
 * one is recorded. An acknowledgement is taken up at once by an idle thread; only when all are
 * busy does one statement (one commit) take what piled up.
 *
 * <p>Why: the sending thread acknowledged each slow message itself before the next; against a
 * relay 20 ms away that was ~20 of each message's ~66 ms (bench/NOTES.md §25, §26). One thread
 * for the whole process made every sending thread wait behind the others' statements, which
 * under a heavily loaded machine cost more than it hid (§26).
 */
final class SentAcknowledger implements AutoCloseable {

    /** Some sent messages of one owner, and how many of them were still the owner's once recorded. */
    record Acknowledgement(long[] ids, String owner, CompletableFuture<Integer> marked) {
    }

    private final DeliveryDao dao;
    private final LinkedBlockingQueue<Acknowledgement> queue = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    SentAcknowledger(DeliveryDao dao, int threadCount) {
        this.dao = dao;
        for (int i = 0; i < threadCount; i++) {
            Thread t = new Thread(this::loop, "outbox-acknowledger-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
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

    /** Records what is still queued, then ends the threads. */
    @Override
    public void close() {
        synchronized (this) {
            running = false;
        }
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
