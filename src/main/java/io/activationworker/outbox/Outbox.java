package io.activationworker.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.activationworker.db.CopyRows;
import io.activationworker.mail.MailComposer;
import io.activationworker.mail.MessageKind;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Queues an email as a row, on the caller's handle, so it commits or rolls back with the change
 * that causes it. The Message-ID is fixed here: a retry re-sends the very same message.
 */
public final class Outbox {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String fromAddress;
    private final Runnable onQueued;

    /** @param onQueued nudges the local worker after a commit; may do nothing */
    public Outbox(String fromAddress, Runnable onQueued) {
        this.fromAddress = fromAddress;
        this.onQueued = onQueued;
    }

    public String enqueue(Handle handle, MessageKind kind, Recipient to, String locale,
                          Map<String, ?> model, String agreementNumber) {
        String messageId = MailComposer.newMessageId(fromAddress, UUID.randomUUID());
        handle.attach(OutboxDao.class).insert(messageId, kind.dbName(), to.email(), to.name().orElse(null),
                locale, toJson(model), agreementNumber);
        return messageId;
    }

    /** One message for {@link #enqueueAll}: what {@link #enqueue} takes. */
    public record Queued(MessageKind kind, Recipient to, String locale, Map<String, ?> model, String agreementNumber) {
    }

    /** {@link #enqueue} for many messages, in one COPY on the caller's handle. */
    public void enqueueAll(Handle handle, List<Queued> messages) {
        if (messages.isEmpty()) {
            return;
        }
        try (CopyRows rows = handle.attach(OutboxDao.class).startCopy()) {
            for (Queued m : messages) {
                rows.text(MailComposer.newMessageId(fromAddress, UUID.randomUUID())).text(m.kind().dbName())
                        .text(m.to().email()).text(m.to().name().orElse(null)).text(m.locale()).text(toJson(m.model()))
                        .text(m.agreementNumber())
                        .endRow();
            }
            rows.finish();
        }
    }

    /** The columns of one message row, for a use case that inserts it within its own statement. */
    public record Row(String messageId, String kind, String recipientEmail, String recipientName, String locale,
                      String payloadJson, String agreementNumber) {
    }

    /**
     * What {@link #enqueue} would insert, without inserting it: the accept use case writes the row
     * in the same statement as the rest of an activation (one round trip fewer per accept).
     */
    public Row row(MessageKind kind, Recipient to, String locale, Map<String, ?> model, String agreementNumber) {
        return new Row(MailComposer.newMessageId(fromAddress, UUID.randomUUID()), kind.dbName(), to.email(),
                to.name().orElse(null), locale, toJson(model), agreementNumber);
    }

    /** Tells the local worker there may be work; call after the transaction committed. */
    public void nudge() {
        onQueued.run();
    }

    private static String toJson(Map<String, ?> model) {
        try {
            return JSON.writeValueAsString(model);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("an outbox payload could not be written as JSON", e);
        }
    }
}
