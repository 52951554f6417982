package io.activationworker.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acknowledgements of one claimed batch. Sent messages are handed to the process's
 * {@link SentAcknowledger} without waiting, one by one when the relay is slow and at least every
 * {@link #ACK_EVERY_NANOS} when it is fast; at most one acknowledgement is in flight, and the next
 * message's end of data waits for it ({@link #awaitInFlight}). So a crash re-sends at most one
 * message per connection with a slow relay (the one the relay accepted last), 250 ms of sending
 * with a fast one, as when the sending thread acknowledged itself; but the statement now runs
 * while the next message's commands and text travel.
 */
final class BatchAcknowledgements {

    private static final Logger log = LoggerFactory.getLogger(OutboxWorker.class);
    /** The longest a sent message waits for its acknowledgement (bounds re-sends after a crash). */
    static final long ACK_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /**
     * A send this slow is acknowledged on its own: the statement costs a millisecond or two, little
     * beside the relay's time, and a crash then re-sends at most the one message in flight.
     */
    static final long SLOW_SEND_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    /** Thrown when recording sent messages failed; the batch stops (the rows stay leased). */
    static final class Failed extends RuntimeException {

        private static final long serialVersionUID = 1L;

        Failed(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    private final SentAcknowledger acknowledger;
    private final String owner;
    private final int claimed;
    private final List<Long> sent = new ArrayList<>();
    private SentAcknowledger.Acknowledgement inFlight;
    private long lastHandedIn = System.nanoTime();

    BatchAcknowledgements(SentAcknowledger acknowledger, String owner, int claimed) {
        this.acknowledger = acknowledger;
        this.owner = owner;
        this.claimed = claimed;
    }

    /** Message {@code id} was accepted by the relay, {@code tookNanos} after its thread took it up. */
    void sent(long id, long tookNanos) {
        sent.add(id);
        if (tookNanos >= SLOW_SEND_NANOS || System.nanoTime() - lastHandedIn >= ACK_EVERY_NANOS) {
            handIn();
        }
    }

    /** Waits until the acknowledgement in flight, if any, is committed. */
    void awaitInFlight() {
        SentAcknowledger.Acknowledgement a = inFlight;
        if (a == null) {
            return;
        }
        inFlight = null;
        int marked;
        try {
            marked = a.marked().join();
        } catch (CompletionException e) {
            throw new Failed(e.getCause());
        }
        if (marked < a.ids().length) {
            log.warn("event=lease_lost sent={} acknowledged={} owner={}", a.ids().length, marked, owner);
        }
        log.debug("event=sent_acknowledged claimed={} acknowledged={}", claimed, marked);
    }

    /** Hands in what is left and waits until every sent message of the batch is recorded. */
    void finish() {
        handIn();
        awaitInFlight();
    }

    private void handIn() {
        awaitInFlight();
        lastHandedIn = System.nanoTime();
        if (sent.isEmpty()) {
            return;
        }
        long[] ids = sent.stream().mapToLong(Long::longValue).toArray();
        sent.clear();
        inFlight = acknowledger.submit(ids, owner);
    }
}
