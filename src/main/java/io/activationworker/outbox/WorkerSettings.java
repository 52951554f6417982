package io.activationworker.outbox;

import java.time.Duration;

/** How the outbox worker paces itself. */
public record WorkerSettings(int threads, int batchSize, Duration lease, int maxAttempts, Duration idlePoll) {
}
