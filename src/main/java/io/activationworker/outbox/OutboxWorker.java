package io.activationworker.outbox;

import io.activationworker.db.DatabaseUnavailable;
import io.activationworker.mail.RelayThrottle;
import io.activationworker.mail.SmtpConnection;
import io.activationworker.mail.SmtpFailure;
import io.activationworker.sendrate.SendRateCap;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox: each thread claims a batch with a lease and sends it over its own reused
 * SMTP connection. Sent messages are acknowledged at least every 250 ms, and one by one when the
 * relay is slow, by the process's {@link SentAcknowledger} while the thread sends on; the next
 * message's end of data waits for the acknowledgement ({@link BatchAcknowledgements}), so a crash
 * re-sends at most what was sent since the last acknowledgement: one message per thread with a
 * slow relay, 250 ms of sending with a fast one (never the whole batch). The lease is also kept on the local
 * monotonic clock: a thread that was paused past its lease (GC, SIGSTOP) stops sending, because
 * another worker may already have taken its rows over.
 *
 * <p>Each message waits for its turn first: the process's {@link RelayThrottle} (how many
 * connections and how fast the relay takes, learnt from its throttling replies) and the
 * {@link SendRateCap} shared by all processes. A throttling reply is no failed try: the message
 * goes again after the pause, or back to the queue when this thread's connection is one too many.
 */
public final class OutboxWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxWorker.class);
    private static final long LATE_SLOT_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** A claim holds about this much sending for its thread (see {@link #batchLimit}). */
    private static final long BATCH_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final DeliveryDao dao;
    private final OutboxRenderer renderer;
    private final Supplier<SmtpConnection> connections;
    private final WorkerSettings settings;
    private final Backoff backoff;
    private final Clock clock;
    private final DeliveryListener listener;
    private final RelayThrottle throttle;
    private final SendRateCap cap;
    private final SentAcknowledger acknowledger;
    private final Object wakeUp = new Object();
    private final List<Thread> threads = new ArrayList<>();
    /** Per thread: a moving average of the time one message takes it, 0 until it sent one. */
    private final long[] messageNanos;
    private volatile boolean running;

    public OutboxWorker(DeliveryDao dao, OutboxRenderer renderer, Supplier<SmtpConnection> connections,
                        WorkerSettings settings, Backoff backoff, Clock clock, DeliveryListener listener,
                        RelayThrottle throttle, SendRateCap cap) {
        this.dao = dao;
        this.renderer = renderer;
        this.connections = connections;
        this.settings = settings;
        this.backoff = backoff;
        this.clock = clock;
        this.listener = listener;
        this.throttle = throttle;
        this.cap = cap;
        this.messageNanos = new long[settings.threads()];
        this.acknowledger = new SentAcknowledger(dao, settings.threads());
        throttle.onMoreConnections(this::nudge);
    }

    public synchronized void start() {
        running = true;
        for (int i = 0; i < settings.threads(); i++) {
            int index = i;
            Thread t = new Thread(() -> loop(index), "outbox-worker-" + i);
            t.start();
            threads.add(t);
        }
        log.info("event=worker_started threads={} batch={} lease_s={} max_per_second={}", settings.threads(),
                settings.batchSize(), settings.lease().toSeconds(), cap);
    }

    /** Wakes idle threads now instead of at their next poll. */
    public void nudge() {
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    private void loop(int index) {
        try (SmtpConnection smtp = connections.get()) {
            while (running) {
                if (!throttle.mayConnect(index)) {
                    // The relay wants fewer connections from us: hold none until it may take more.
                    smtp.close();
                    idle(settings.idlePoll());
                    continue;
                }
                int done;
                try {
                    done = runOnce(smtp, index);
                } catch (RuntimeException e) {
                    // The database may be down: keep the thread, wait, try again.
                    if (DatabaseUnavailable.causedBy(e)) {
                        log.warn("event=worker_cycle_failed reason=\"database unavailable\" outcome=retry");
                    } else {
                        log.warn("event=worker_cycle_failed reason=\"{}\" outcome=retry", e, e);
                    }
                    done = 0;
                }
                if (done == 0) {
                    idle(settings.idlePoll());
                }
            }
        }
    }

    /** Claims and delivers one batch; returns how many rows it claimed. */
    int runOnce(SmtpConnection smtp, int index) {
        String owner = UUID.randomUUID().toString();
        long claimedAt = System.nanoTime();
        List<OutboxMessage> batch = dao.claimDue(owner, batchLimit(index), settings.lease().toSeconds());
        if (batch.isEmpty()) {
            return 0;
        }
        // Stop a little before the lease ends, leaving time to acknowledge what was sent.
        long deadline = claimedAt + settings.lease().toNanos() * 8 / 10;
        BatchAcknowledgements acks = new BatchAcknowledgements(acknowledger, owner, batch.size());
        List<Long> untouched = new ArrayList<>();
        boolean relayDown = false;
        boolean connectionRefused = false;
        for (int i = 0; i < batch.size(); i++) {
            OutboxMessage m = batch.get(i);
            connectionRefused = connectionRefused || !throttle.mayConnect(index);
            if (!running || relayDown || connectionRefused || System.nanoTime() > deadline) {
                untouched.add(m.id());
                continue;
            }
            long started = System.nanoTime();
            long turn = started;
            try {
                MimeMessage mime = renderer.render(m);
                turn = awaitTurn();
                if (!running) {
                    untouched.add(m.id());
                    continue;
                }
                smtp.send(mime, acks::awaitInFlight);
                throttle.accepted(turn);
                long now = System.nanoTime();
                acks.sent(m.id(), now - started);
                Duration took = Duration.ofNanos(now - started);
                long average = messageNanos[index];
                messageNanos[index] = average == 0 ? took.toNanos() : (average * 7 + took.toNanos()) / 8;
                log.info("event=message_sent message_id={} kind={} agreement={} attempt={} outcome=sent duration_ms={}",
                        m.messageId(), m.kind(), m.agreementNumber(), m.attempts() + 1, took.toMillis());
                listener.sent(m, took);
            } catch (BatchAcknowledgements.Failed e) {
                throw e; // the database, not the message: the cycle fails and the rows stay leased
            } catch (SmtpFailure f) {
                if (f.throttled() && !throttle.outage(f)) {
                    throttle.throttled(turn, f);
                    log.warn("event=message_throttled message_id={} kind={} agreement={} reason=\"{}\"",
                            m.messageId(), m.kind(), m.agreementNumber(), f.getMessage());
                    listener.throttled(m);
                    if (throttle.mayConnect(index)) {
                        i--; // the same message again, at the slower pace
                    } else {
                        connectionRefused = true;
                        untouched.add(m.id());
                    }
                    continue;
                }
                if (f.throttled()) {
                    throttle.throttled(turn, f); // refused with nothing open: back to one connection
                }
                relayDown = !f.permanent() && f.connectionLost();
                settle(m, owner, f.getMessage(), f.permanent());
            } catch (RuntimeException e) {
                // A message that cannot be rendered will not render next time either.
                log.error("event=message_unrenderable message_id={} kind={} reason=\"{}\"", m.messageId(), m.kind(),
                        e, e);
                settle(m, owner, "cannot render: " + (e.getMessage() == null ? e : e.getMessage()), true);
            }
        }
        acks.finish();
        if (!untouched.isEmpty() && (!running || relayDown || connectionRefused)) {
            dao.release(toArray(untouched), owner);
        }
        if (relayDown) {
            // The relay refused us: let the batch's retries, not this thread, set the pace.
            idle(settings.idlePoll());
        }
        return batch.size();
    }

    /**
     * The claim's size: at most {@code worker.batch-size}; about two seconds of this thread's sending
     * at the pace it has been sending (against a slow or distant relay a claim of 50 held one
     * thread busy for seconds while others had nothing left to claim at the end of a run); and when
     * the cap or the relay limits the rate, no more than all threads together send in half a lease
     * at that rate, so that a claimed batch does not outlive its lease while its thread waits.
     */
    private int batchLimit(int index) {
        double limit = settings.batchSize();
        long perMessage = messageNanos[index];
        if (perMessage > 0) {
            limit = Math.min(limit, (double) BATCH_NANOS / perMessage);
        }
        double perSecond = Math.min(cap.perSecond(), throttle.rate());
        if (!Double.isInfinite(perSecond)) {
            limit = Math.min(limit, perSecond * settings.lease().toSeconds() / 2 / settings.threads());
        }
        return (int) Math.max(1, limit);
    }

    /**
     * Waits for this process's next turn at the relay, then for a slot under the send-rate cap;
     * returns the turn (for {@link RelayThrottle#accepted}). Returns early when the worker stops.
     */
    private long awaitTurn() {
        long turn = throttle.nextTurn();
        waitUntil(turn);
        if (cap.capped()) {
            // A thread that wakes after its slot has passed (a loaded machine, a GC pause) takes a
            // new one rather than sending on top of the next threads' slots. With a 50 ms
            // allowance at a cap of 50/s, two worker processes on a loaded 2-core machine let 60
            // messages reach the relay in one second; one interval (at least 10 ms) is the allowance.
            long interval = Math.max((long) (1e9 / cap.perSecond()), LATE_SLOT_NANOS);
            long slot;
            do {
                slot = System.nanoTime() + cap.reserve().toNanos();
                waitUntil(slot);
            } while (running && System.nanoTime() - slot > interval);
        }
        return turn;
    }

    private void waitUntil(long nanoTime) {
        synchronized (wakeUp) {
            for (long left = nanoTime - System.nanoTime(); running && left > 0; left = nanoTime - System.nanoTime()) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(wakeUp, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }

    private void settle(OutboxMessage m, String owner, String reason, boolean permanent) {
        int attempt = m.attempts() + 1;
        if (permanent || attempt >= settings.maxAttempts()) {
            dao.markFailed(m.id(), owner, reason);
            log.error("event=message_failed message_id={} kind={} agreement={} attempt={} outcome={} reason=\"{}\"",
                    m.messageId(), m.kind(), m.agreementNumber(), attempt, permanent ? "rejected" : "gave_up", reason);
            listener.failed(m);
        } else {
            Duration wait = backoff.delayAfter(attempt);
            dao.markRetry(m.id(), owner, clock.instant().plus(wait), reason);
            log.warn("event=message_retry message_id={} kind={} agreement={} attempt={} retry_in_ms={} reason=\"{}\"",
                    m.messageId(), m.kind(), m.agreementNumber(), attempt, wait.toMillis(), reason);
            listener.retried(m);
        }
    }

    private void idle(Duration duration) {
        synchronized (wakeUp) {
            if (!running) {
                return;
            }
            try {
                wakeUp.wait(Math.max(1, duration.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    private static long[] toArray(List<Long> ids) {
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    /** Stops claiming; threads finish the message in hand, release the rest, and end. */
    @Override
    public void close() {
        running = false;
        nudge();
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(settings.lease().toSeconds()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        acknowledger.close();
        log.info("event=worker_stopped");
    }
}
