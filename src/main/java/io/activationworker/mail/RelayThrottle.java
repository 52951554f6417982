package io.activationworker.mail;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How hard this process may push the relay, learnt from its throttling replies (AIMD, as TCP does
 * with a congested link): one per process, shared by every sending thread.
 *
 * <p><b>Connections.</b> The process starts with one connection and opens one more each time all
 * the open ones have just carried a message ("slow start"), up to {@code worker.threads}. A relay
 * that refuses a connection as one too many ({@code 421} on connecting, {@code 432}) while this
 * process holds others sets the limit to what is open; one more is tried each {@code probeAfter}.
 * A refusal while none is open is not a limit but an outage: the limit falls back to one
 * connection and the message is retried as after any failure.
 *
 * <p><b>Rate.</b> Unlimited until the relay answers "too much mail" ({@code 454}, {@code 450 4.7.x},
 * {@code 451 4.7.x}). Then every thread pauses ({@code firstPause}, doubling while the relay keeps
 * refusing what was sent after the pause, up to {@code maxPause}) and the messages are spaced to
 * 85% of the rate the relay accepted in the second before; every accepted message adds
 * {@code increase} of a message a second back. Replies to messages that started before the last
 * reaction do not count again: they were already in flight, and the relay said the same thing once.
 */
public final class RelayThrottle {

    private static final Logger log = LoggerFactory.getLogger(RelayThrottle.class);

    /** The window over which the accepted rate is measured when the relay says "too much". */
    private static final long OBSERVE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final double BACK_OFF = 0.85;
    private static final double MIN_RATE = 0.1;

    private final int maxConnections;
    private final long probeAfter;
    private final long firstPause;
    private final long maxPause;
    private final LongSupplier nanos;
    private volatile Runnable onMoreConnections = () -> { };

    // Guarded by this.
    private int allowed = 1;
    private boolean slowStart = true;
    private int open;
    private long lastConnectionChange;
    private double rate = Double.POSITIVE_INFINITY;
    private double increase;
    private long nextStart;
    private long pausedUntil;
    private long lastReaction = Long.MIN_VALUE;
    private int refusedInARow;
    private final long[] accepted = new long[1024];
    private int acceptedCount;
    private long firstAccepted = Long.MIN_VALUE;

    public RelayThrottle(int maxConnections, Duration probeAfter, Duration firstPause, Duration maxPause,
                         LongSupplier nanos) {
        this.maxConnections = maxConnections;
        this.probeAfter = probeAfter.toNanos();
        this.firstPause = firstPause.toNanos();
        this.maxPause = maxPause.toNanos();
        this.nanos = nanos;
    }

    /**
     * The product's settings: probe for one more connection every 30 s; pause 250 ms after "too
     * much mail", doubling to 60 s while the relay keeps saying it (a relay counting per minute).
     */
    public static RelayThrottle forRelay(int maxConnections) {
        return new RelayThrottle(maxConnections, Duration.ofSeconds(30), Duration.ofMillis(250), Duration.ofSeconds(60),
                System::nanoTime);
    }

    /** For tools and tests that drive one connection by hand: never limits anything it was not told to. */
    public static RelayThrottle unlimited(int connections) {
        RelayThrottle t = forRelay(connections);
        t.allowed = connections;
        t.slowStart = false;
        return t;
    }

    /** Called when the process may use more connections than before (to wake idle threads). */
    public void onMoreConnections(Runnable listener) {
        this.onMoreConnections = listener;
    }

    /** Whether the sending thread with this index (0-based) may hold a connection now. */
    public synchronized boolean mayConnect(int threadIndex) {
        return threadIndex < allowed;
    }

    public synchronized int allowedConnections() {
        return allowed;
    }

    /** Messages a second this process may send; {@code Double.POSITIVE_INFINITY} when no limit was learnt. */
    public synchronized double rate() {
        return rate;
    }

    synchronized void opened() {
        open++;
    }

    synchronized void closed() {
        open = Math.max(0, open - 1);
    }

    /**
     * Books this process's next message start (after a pause following a refusal, at the learnt
     * spacing between messages) and returns it, on {@code nanos}' clock; the caller waits until
     * then and hands the value back with the outcome.
     */
    public synchronized long nextTurn() {
        long start = Math.max(nanos.getAsLong(), pausedUntil);
        if (Double.isFinite(rate)) {
            start = Math.max(start, nextStart);
            nextStart = start + (long) (1e9 / rate);
        }
        return start;
    }

    /** The relay accepted the message started at {@code started}. */
    public void accepted(long started) {
        boolean more = false;
        synchronized (this) {
            long now = nanos.getAsLong();
            if (firstAccepted == Long.MIN_VALUE) {
                firstAccepted = now;
            }
            accepted[acceptedCount++ % accepted.length] = now;
            if (started >= lastReaction) {
                refusedInARow = 0;
            }
            if (Double.isFinite(rate)) {
                rate += increase;
            }
            if (allowed < maxConnections && open >= allowed
                    && (slowStart || now - lastConnectionChange >= probeAfter)) {
                allowed++;
                lastConnectionChange = now;
                more = true;
            }
        }
        if (more) {
            onMoreConnections.run();
        }
    }

    /** The relay refused a message started at {@code started} with a throttling reply. */
    public void throttled(long started, SmtpFailure failure) {
        if (failure.throttling() == SmtpFailure.Throttling.CONNECTIONS) {
            connectionsRefused(failure);
        } else {
            rateRefused(started, failure);
        }
    }

    /**
     * Whether a connection refusal is an outage rather than a limit: nothing of this process is
     * connected, so the relay refuses everyone. (The caller retries the message as after any failure.)
     */
    public synchronized boolean outage(SmtpFailure failure) {
        return failure.throttling() == SmtpFailure.Throttling.CONNECTIONS && open == 0;
    }

    private synchronized void connectionsRefused(SmtpFailure failure) {
        int before = allowed;
        allowed = Math.max(1, Math.min(allowed, open));
        if (open > 0) {
            slowStart = false;
        } else {
            slowStart = true; // an outage: start again from one connection, as after a TCP timeout
        }
        lastConnectionChange = nanos.getAsLong();
        if (allowed != before) {
            log.warn("event=relay_throttled limit=connections connections={} was={} reason=\"{}\"", allowed, before,
                    failure.getMessage());
        }
    }

    private synchronized void rateRefused(long started, SmtpFailure failure) {
        long now = nanos.getAsLong();
        if (started < lastReaction) {
            return; // in flight when we last slowed down: already answered
        }
        refusedInARow++;
        long pause = Math.min(maxPause, firstPause << Math.min(refusedInARow - 1, 20));
        pausedUntil = Math.max(pausedUntil, now + pause);
        if (acceptedCount == 0) {
            log.warn("event=relay_throttled limit=rate pause_ms={} reason=\"{}\"", TimeUnit.NANOSECONDS.toMillis(pause),
                    failure.getMessage());
            lastReaction = pausedUntil;
            return; // nothing accepted yet to measure a rate from: only pause
        }
        double before = rate;
        double observed = acceptedRate(now);
        rate = Math.max(MIN_RATE, BACK_OFF * Math.min(rate, observed));
        // Back to the rate the relay took within about 50 accepted messages.
        increase = Math.max(0.001, (Math.min(before, observed) - rate) / 50);
        nextStart = pausedUntil;
        lastReaction = pausedUntil;
        log.warn("event=relay_throttled limit=rate per_second={} pause_ms={} reason=\"{}\"",
                String.format(java.util.Locale.ROOT, "%.2f", rate), TimeUnit.NANOSECONDS.toMillis(pause),
                failure.getMessage());
    }

    /** Messages a second the relay accepted over the last few seconds (or as far back as is remembered). */
    private double acceptedRate(long now) {
        int kept = Math.min(acceptedCount, accepted.length);
        long since = now - OBSERVE_NANOS;
        long oldest = now;
        int n = 0;
        for (int k = 1; k <= kept; k++) {
            long at = accepted[(acceptedCount - k) % accepted.length];
            if (at < since) {
                break;
            }
            oldest = at;
            n++;
        }
        long from = n == kept && kept == accepted.length ? oldest : Math.max(since, firstAccepted);
        double seconds = Math.max(now - from, TimeUnit.MILLISECONDS.toNanos(100)) / 1e9;
        return Math.max(MIN_RATE, n / seconds);
    }
}
