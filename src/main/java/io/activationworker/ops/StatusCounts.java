package io.activationworker.ops;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.activationworker.key.KeyState;
import io.activationworker.outbox.OutboxState;
import io.activationworker.partner.WebhookState;
import io.activationworker.subscription.SubscriptionState;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The figures {@code status} prints, in the shape DESIGN.md fixes for {@code --json}. */
public record StatusCounts(long agreements, Map<String, Long> keys, Map<String, Long> subscriptions,
                           Map<String, Long> outbox, long oldestQueuedSeconds, long retriesPending,
                           // issue 16
                           Map<String, Long> webhooks, long undeliverable) {

    public StatusCounts(long agreements, Map<String, Long> keys, Map<String, Long> subscriptions,
                        Map<String, Long> outbox, long oldestQueuedSeconds, long retriesPending) {
        this(agreements, keys, subscriptions, outbox, oldestQueuedSeconds, retriesPending,
                complete(Map.of(), WEBHOOK_STATES), 0);
    }

    /** The states in the documented order: each enum's, named as the database stores them. */
    static final List<String> KEY_STATES = names(KeyState.values());
    static final List<String> SUBSCRIPTION_STATES = names(SubscriptionState.values());
    static final List<String> OUTBOX_STATES = names(OutboxState.values());
    static final List<String> WEBHOOK_STATES = names(WebhookState.values());

    public static StatusCounts read(StatusDao dao) {
        return new StatusCounts(dao.agreements(),
                complete(dao.keysByState(), KEY_STATES),
                complete(dao.subscriptionsByState(), SUBSCRIPTION_STATES),
                complete(dao.outboxByState(), OUTBOX_STATES),
                dao.oldestQueuedSeconds(), dao.pendingRetries(),
                complete(dao.webhookEventsByState(), WEBHOOK_STATES), dao.undeliverableAgreements());
    }

    /** Nothing counted yet: every outbox state at 0 (the metrics' figures before the first read). */
    static StatusCounts none() {
        return new StatusCounts(0, Map.of(), Map.of(), complete(Map.of(), OUTBOX_STATES), 0, 0);
    }

    private static List<String> names(Enum<?>[] states) {
        return Arrays.stream(states).map(Enum::name).toList();
    }

    /** Every state appears, with 0 when nothing is in it, in the documented order. */
    private static Map<String, Long> complete(Map<String, Long> counts, List<String> states) {
        Map<String, Long> all = new LinkedHashMap<>();
        states.forEach(s -> all.put(s, counts.getOrDefault(s, 0L)));
        return all;
    }

    public Map<String, Object> asJsonShape() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("agreements", agreements);
        json.put("keys", keys);
        json.put("subscriptions", subscriptions);
        json.put("outbox", outbox);
        json.put("oldestQueuedSeconds", oldestQueuedSeconds);
        json.put("outboxAttemptsPending", retriesPending);
        json.put("webhooks", webhooks); // issue 16
        json.put("undeliverableAgreements", undeliverable);
        return json;
    }

    /**
     * {@link #asJsonShape()} as one line of JSON, written with Jackson's streaming generator:
     * an {@code ObjectMapper} would load most of jackson-databind for these few numbers.
     */
    public String asJson() {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(text)) {
            json.writeStartObject();
            for (Map.Entry<String, Object> field : asJsonShape().entrySet()) {
                json.writeFieldName(field.getKey());
                if (field.getValue() instanceof Map<?, ?> counts) {
                    json.writeStartObject();
                    for (Map.Entry<?, ?> count : counts.entrySet()) {
                        json.writeNumberField(count.getKey().toString(), ((Number) count.getValue()).longValue());
                    }
                    json.writeEndObject();
                } else {
                    json.writeNumber(((Number) field.getValue()).longValue());
                }
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    public String asText() {
        return """
                agreements:     %d
                keys:           unused %d, redeemed %d
                subscriptions:  pending %d, active %d, expired %d
                outbox:         queued %d, sending %d, sent %d, failed %d
                oldest queued:  %d s
                failed tries:   %d, on messages not sent yet (each is retried with backoff)
                webhooks:       queued %d, sending %d, delivered %d, failed %d
                undeliverable:  %d agreements (their activation mail failed; status --partner ID lists them)
                """.formatted(agreements, keys.get("unused"), keys.get("redeemed"),
                subscriptions.get("pending"), subscriptions.get("active"), subscriptions.get("expired"),
                outbox.get("queued"), outbox.get("sending"), outbox.get("sent"), outbox.get("failed"),
                oldestQueuedSeconds, retriesPending, webhooks.get("queued"), webhooks.get("sending"),
                webhooks.get("delivered"), webhooks.get("failed"), undeliverable);
    }
}
