package io.activationworker.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for something a user would see to become true, checking again and again until a
 * deadline; the wait is never the assertion. A check that throws counts as "not yet".
 */
public final class Poll {

    private static final long PAUSE_MS = 50;

    private Poll() {
    }

    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        until(timeout, what, () -> condition.getAsBoolean() ? Boolean.TRUE : null);
    }

    /** Returns the first non-null value the supplier gives before the deadline. */
    public static <T> T until(Duration timeout, String what, Supplier<T> value) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (true) {
            try {
                T v = value.get();
                if (v != null) {
                    return v;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionError error = new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for: " + what);
                if (last != null) {
                    error.initCause(last);
                }
                throw error;
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
