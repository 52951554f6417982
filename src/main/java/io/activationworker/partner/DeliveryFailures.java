package io.activationworker.partner;

import io.activationworker.agreement.Agreement;
import io.activationworker.agreement.AgreementDao;
import io.activationworker.mail.MessageKind;
import io.activationworker.outbox.DeliveryListener;
import io.activationworker.outbox.Outbox;
import io.activationworker.outbox.OutboxMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.activationworker.outbox.Recipient;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What follows an activation or reminder mail that failed for good (5xx, or attempts used up): the
 * agreement becomes {@code undeliverable}, the partner's {@code contact} and the agreement's
 * {@code noticesContact} get one mail naming the agreement, the address and the relay's reason,
 * and the partner's webhook an {@code activation_mail.failed} event, all in one transaction.
 *
 * <p>The worker records the failure first, in its own statement; this runs after it, on the
 * worker's {@link DeliveryListener#failed} hook and on the minute's housekeeping. Each failed row
 * is handled once ({@code failure_noticed_at}), so a crash between the two only delays the notice.
 */
final class DeliveryFailures {

    private static final Logger log = LoggerFactory.getLogger(DeliveryFailures.class);
    private static final int BATCH = 100;
    private static final List<String> ACTIVATION_KINDS =
            List.of(MessageKind.ACTIVATION_LINK.dbName(), MessageKind.REMINDER.dbName());

    public record FailedMessage(long id, String kind, String recipientEmail, String lastError, String agreementNumber) {
    }

    @RegisterConstructorMapper(FailedMessage.class)
    public interface FailureDao {
        @SqlQuery("""
                select id, kind, recipient_email, last_error, agreement_number from outbox_message
                 where state = 'failed' and failure_noticed_at is null
                 order by id limit :limit
                   for update skip locked
                """)
        List<FailedMessage> claimUnnoticed(@Bind("limit") int limit);

        @SqlUpdate("update outbox_message set failure_noticed_at = :now where id = :id")
        void markNoticed(@Bind("id") long id, @Bind("now") Instant now);

        /** 1 when the agreement just became undeliverable; 0 when it already was (one notice per failure). */
        @SqlUpdate("""
                update agreement
                   set undeliverable_at = :now, undeliverable_address = :address, undeliverable_reason = :reason
                 where number = :number and undeliverable_at is null
                """)
        int markUndeliverable(@Bind("number") String number, @Bind("address") String address,
                              @Bind("reason") String reason, @Bind("now") Instant now);
    }

    private final Jdbi jdbi;
    private final Outbox outbox;
    private final Clock clock;

    DeliveryFailures(Jdbi jdbi, Outbox outbox, Clock clock) {
        this.jdbi = jdbi;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Handles the failures not handled yet; returns how many failed messages it looked at. */
    public int runOnce() {
        int total = 0;
        int handled;
        do {
            handled = jdbi.inTransaction(this::handleBatch);
            total += handled;
        } while (handled == BATCH);
        if (total > 0) {
            outbox.nudge();
        }
        return total;
    }

    private int handleBatch(Handle h) {
        FailureDao dao = h.attach(FailureDao.class);
        Instant now = clock.instant();
        List<FailedMessage> failed = dao.claimUnnoticed(BATCH);
        for (FailedMessage m : failed) {
            dao.markNoticed(m.id(), now);
            if (m.agreementNumber() != null && ACTIVATION_KINDS.contains(m.kind())) {
                handle(h, dao, m, now);
            }
        }
        return failed.size();
    }

    private void handle(Handle h, FailureDao dao, FailedMessage m, Instant now) {
        Optional<Agreement> found = h.attach(AgreementDao.class).findByNumber(m.agreementNumber());
        if (found.isEmpty()) {
            return;
        }
        Agreement a = found.get();
        // A failure for an address the feed has since replaced is over: the new address has its own link.
        String current = a.adminEmail() != null ? a.adminEmail() : a.noticesContact();
        if (current == null || !current.equalsIgnoreCase(m.recipientEmail())) {
            log.info("event=delivery_failure_outdated agreement={} message_row={}", a.number(), m.id());
            return;
        }
        String reason = m.lastError() == null ? "unknown" : m.lastError();
        if (dao.markUndeliverable(a.number(), m.recipientEmail(), reason, now) != 1) {
            return;
        }
        Optional<Partner> partner = h.attach(PartnerDao.class).findById(a.partnerId());
        Optional<String> partnerContact = partner.flatMap(Partner::contactAddress);
        partnerContact.ifPresent(contact -> outbox.enqueue(h, MessageKind.DELIVERY_FAILURE, Recipient.of(contact, null),
                partner.get().locale(), model(a, m, reason, partnerContact, true), a.number()));
        Optional.ofNullable(a.noticesContact())
                .filter(n -> !n.equalsIgnoreCase(m.recipientEmail()))
                .filter(n -> partnerContact.map(c -> !c.equalsIgnoreCase(n)).orElse(true))
                .ifPresent(notices -> outbox.enqueue(h, MessageKind.DELIVERY_FAILURE, Recipient.of(notices, null),
                        a.locale(), model(a, m, reason, partnerContact, false), a.number()));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("agreement", a.number());
        data.put("tenant", a.tenantId());
        data.put("address", m.recipientEmail());
        data.put("kind", m.kind());
        data.put("reason", reason);
        WebhookEvents.queue(h, a.partnerId(), WebhookEvents.ACTIVATION_MAIL_FAILED, now, data);
        log.warn("event=agreement_undeliverable agreement={} partner={} reason=\"{}\" partner_told={} notices_told={}",
                a.number(), a.partnerId(), reason, partnerContact.isPresent(), a.noticesContact() != null);
    }

    private static Map<String, Object> model(Agreement a, FailedMessage m, String reason, Optional<String> partnerContact,
                                             boolean toPartner) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("partnerName", a.partnerName());
        model.put("partnerContact", partnerContact.orElse(""));
        model.put("agreementNumber", a.number());
        model.put("customerName", a.customerName());
        model.put("address", m.recipientEmail());
        model.put("reason", reason);
        model.put("toPartner", toPartner);
        return model;
    }

    /** The worker's hook: a failure is handled at once, not at the next minute's housekeeping. */
    public DeliveryListener listeningAfter(DeliveryListener next) {
        return new DeliveryListener() {
            @Override
            public void sent(OutboxMessage message, Duration took) {
                next.sent(message, took);
            }

            @Override
            public void retried(OutboxMessage message) {
                next.retried(message);
            }

            @Override
            public void failed(OutboxMessage message) {
                next.failed(message);
                try {
                    runOnce();
                } catch (RuntimeException e) {
                    log.warn("event=delivery_failure_handling_failed reason=\"{}\" outcome=retry_at_housekeeping",
                            e.getMessage());
                }
            }
        };
    }
}
