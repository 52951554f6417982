package io.activationworker.partner;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the webhook outbox: each thread claims a few due events under a lease and POSTs them
 * one by one, signed with the partner's secret(s). Only a 2xx is success. 410 Gone disables the
 * partner's webhook; 429, 502, 503 and 504 wait at least the receiver's Retry-After; everything
 * else waits the {@link WebhookSchedule}, and an event still undelivered after it is failed (kept,
 * with its last error). A retry sends the same id and body, signed afresh with a new timestamp.
 */
public final class WebhookWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookWorker.class);
    private static final int BATCH = 10;

    private final Jdbi jdbi;
    private final WebhookClient client;
    private final WebhookSecrets secrets;
    private final WebhookSchedule schedule;
    private final Clock clock;
    private final int threadCount;
    private final Duration lease;
    private final Duration idlePoll;
    private final Object wakeUp = new Object();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private volatile boolean stopped;

    /** @param lease how long a claim holds; longer than a batch of tries at the client's timeout */
    WebhookWorker(Jdbi jdbi, WebhookClient client, WebhookSecrets secrets, WebhookSchedule schedule, Clock clock,
                         int threads, Duration lease, Duration idlePoll) {
        this.jdbi = jdbi;
        this.client = client;
        this.secrets = secrets;
        this.schedule = schedule;
        this.clock = clock;
        this.threadCount = threads;
        this.lease = lease;
        this.idlePoll = idlePoll;
    }

    public synchronized void start() {
        running = true;
        for (int i = 0; i < threadCount; i++) {
            Thread t = new Thread(this::loop, "webhook-worker-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        log.info("event=webhook_worker_started threads={}", threadCount);
    }

    public void nudge() {
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    private void loop() {
        while (running) {
            int done;
            try {
                done = runOnce();
            } catch (RuntimeException e) {
                log.warn("event=webhook_cycle_failed reason=\"{}\"", e.getMessage());
                done = 0;
            }
            if (done == 0) {
                idle();
            }
        }
    }

    /** Claims and tries one batch; returns how many events it claimed. Public for tests. */
    public int runOnce() {
        String owner = UUID.randomUUID().toString();
        Instant now = clock.instant();
        List<WebhookEvent> batch = jdbi.withExtension(WebhookDao.class,
                dao -> dao.claimDue(owner, BATCH, now, now.plus(lease)));
        for (WebhookEvent event : batch) {
            if (stopped) {
                break; // the lease runs out and another worker (or the restart) takes the rest
            }
            deliver(event, owner);
        }
        return batch.size();
    }

    private void deliver(WebhookEvent event, String owner) {
        Optional<Partner> found = jdbi.withExtension(PartnerDao.class, dao -> dao.findById(event.partnerId()));
        Partner partner = found.orElseThrow();
        if (partner.webhookUrl() == null || partner.webhookDisabledAt() != null) {
            String why = partner.webhookUrl() == null ? "the partner has no webhook any more"
                    : "the webhook is disabled (" + partner.webhookDisabledReason() + ")";
            settleFailed(event, owner, why);
            return;
        }
        long timestamp = clock.instant().getEpochSecond();
        String signatures = WebhookSigner.signatures(secrets.signing(partner), event.eventId(), timestamp, event.payload());
        long started = System.nanoTime();
        WebhookClient.Outcome outcome = client.post(partner.webhookUrl(), event.eventId(), timestamp, signatures,
                event.payload());
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        int attempt = event.attempts() + 1;
        if (outcome.delivered()) {
            if (jdbi.withExtension(WebhookDao.class, dao -> dao.markDelivered(event.id(), owner, clock.instant())) == 0) {
                leaseLost(event);
            }
            log.info("event=webhook_delivered webhook_id={} type={} partner={} attempt={} status={} duration_ms={}",
                    event.eventId(), event.type(), event.partnerId(), attempt, outcome.status(), tookMs);
            return;
        }
        if (outcome.status() == 410) {
            jdbi.useExtension(PartnerDao.class, dao -> dao.disableWebhook(partner.id(), partner.webhookUrl(),
                    clock.instant(), "410 Gone at " + clock.instant()));
            log.error("event=webhook_disabled partner={} url={} reason=\"410 Gone\" outcome=no_more_events_until_the_feed_names_another_url",
                    partner.id(), partner.webhookUrl());
            settleFailed(event, owner, "410 Gone: the webhook is disabled");
            return;
        }
        Optional<Duration> wait = schedule.waitAfter(attempt);
        if (wait.isEmpty()) {
            settleFailed(event, owner, outcome.error());
            return;
        }
        Duration delay = wait.get();
        int s = outcome.status();
        if ((s == 429 || s == 502 || s == 503 || s == 504) && outcome.retryAfter().isPresent()) {
            delay = outcome.retryAfter().get();
        }
        Instant next = clock.instant().plus(delay);
        if (jdbi.withExtension(WebhookDao.class, dao -> dao.markRetry(event.id(), owner, next, outcome.error())) == 0) {
            leaseLost(event);
            return;
        }
        log.warn("event=webhook_retry webhook_id={} type={} partner={} attempt={} retry_in_ms={} reason=\"{}\"",
                event.eventId(), event.type(), event.partnerId(), attempt, delay.toMillis(), outcome.error());
    }

    /** Another worker took the row over (this one was paused past its lease): its outcome stands. */
    private static void leaseLost(WebhookEvent event) {
        log.warn("event=webhook_lease_lost webhook_id={} partner={}", event.eventId(), event.partnerId());
    }

    private void settleFailed(WebhookEvent event, String owner, String why) {
        if (jdbi.withExtension(WebhookDao.class, dao -> dao.markFailed(event.id(), owner, why)) == 0) {
            leaseLost(event);
            return;
        }
        log.error("event=webhook_failed webhook_id={} type={} partner={} attempt={} reason=\"{}\"", event.eventId(),
                event.type(), event.partnerId(), event.attempts() + 1, why);
    }

    private void idle() {
        synchronized (wakeUp) {
            if (!running) {
                return;
            }
            try {
                wakeUp.wait(Math.max(1, idlePoll.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    @Override
    public void close() {
        stopped = true;
        running = false;
        nudge();
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        log.info("event=webhook_worker_stopped");
    }
}
