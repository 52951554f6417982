package io.activationworker.activation;

import io.activationworker.agreement.Agreement;
import io.activationworker.agreement.AgreementDao;
import io.activationworker.key.ProductKeyDao;
import io.activationworker.key.StoredKey;
import io.activationworker.outbox.Outbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queues one reminder for each activation link still unanswered {@code reminder.after-days}
 * after it was sent: never before, never twice (the link row remembers), never after activation.
 * Rows are claimed with SKIP LOCKED so several instances can run this side by side.
 */
public final class ReminderJob {

    private static final Logger log = LoggerFactory.getLogger(ReminderJob.class);

    private final Jdbi jdbi;
    private final ActivationLinks links;
    private final Outbox outbox;
    private final Clock clock;
    private final Duration after;

    public ReminderJob(Jdbi jdbi, ActivationLinks links, Outbox outbox, Clock clock, Duration after) {
        this.jdbi = jdbi;
        this.links = links;
        this.outbox = outbox;
        this.clock = clock;
        this.after = after;
    }

    /** Queues the reminders due now; returns how many. */
    public int runOnce() {
        Instant now = clock.instant();
        int queued = jdbi.inTransaction(h -> {
            List<ActivationLink> due = h.attach(ActivationLinkDao.class).lockRemindersDue(now.minus(after), now, 200);
            for (ActivationLink link : due) {
                Agreement agreement = h.attach(AgreementDao.class).findByNumber(link.agreementNumber()).orElseThrow();
                long[] ids = h.attach(ActivationLinkDao.class).keyIds(link.id()).stream().mapToLong(Long::longValue).toArray();
                List<StoredKey> keys = h.attach(ProductKeyDao.class).findByIds(ids);
                links.remind(h, agreement, link, keys);
                h.attach(ActivationLinkDao.class).markReminderQueued(link.id(), now);
                log.info("event=reminder_queued agreement={} link_id={}", agreement.number(), link.id());
            }
            return due.size();
        });
        if (queued > 0) {
            outbox.nudge();
        }
        return queued;
    }
}
