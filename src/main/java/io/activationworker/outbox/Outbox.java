package io.activationworker.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
        return enqueueAll(handle, List.of(new Queued(kind, to, locale, model, agreementNumber))).get(0);
    }

    /** One message for {@link #enqueueAll}: what {@link #enqueue} takes. */
    public record Queued(MessageKind kind, Recipient to, String locale, Map<String, ?> model, String agreementNumber) {
    }

    /** {@link #enqueue} for many messages, in one statement on the caller's handle; returns their Message-IDs. */
    public List<String> enqueueAll(Handle handle, List<Queued> messages) {
        if (messages.isEmpty()) {
            return List.of();
        }
        int n = messages.size();
        String[] ids = new String[n];
        String[] kinds = new String[n];
        String[] emails = new String[n];
        String[] names = new String[n];
        String[] locales = new String[n];
        String[] payloads = new String[n];
        String[] agreements = new String[n];
        for (int i = 0; i < n; i++) {
            Queued m = messages.get(i);
            ids[i] = MailComposer.newMessageId(fromAddress, UUID.randomUUID());
            kinds[i] = m.kind().dbName();
            emails[i] = m.to().email();
            names[i] = m.to().name().orElse(null);
            locales[i] = m.locale();
            payloads[i] = toJson(m.model());
            agreements[i] = m.agreementNumber();
        }
        handle.attach(OutboxDao.class).insertAll(ids, kinds, emails, names, locales, payloads, agreements);
        return List.of(ids);
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
