package io.activationworker.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The figures {@code status} prints, in the shape DESIGN.md fixes for {@code --json}. */
public record StatusCounts(long agreements, Map<String, Long> keys, Map<String, Long> subscriptions,
                           Map<String, Long> outbox, long oldestQueuedSeconds, long retriesPending) {

    public static StatusCounts read(StatusDao dao) {
        return new StatusCounts(dao.agreements(),
                complete(dao.keysByState(), List.of("unused", "redeemed")),
                complete(dao.subscriptionsByState(), List.of("pending", "active", "expired")),
                complete(dao.outboxByState(), List.of("queued", "sending", "sent", "failed")),
                dao.oldestQueuedSeconds(), dao.pendingRetries());
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
        return json;
    }

    public String asText() {
        return """
                agreements:     %d
                keys:           unused %d, redeemed %d
                subscriptions:  pending %d, active %d, expired %d
                outbox:         queued %d, sending %d, sent %d, failed %d
                oldest queued:  %d s
                failed tries:   %d, on messages not sent yet (each is retried with backoff)
                """.formatted(agreements, keys.get("unused"), keys.get("redeemed"),
                subscriptions.get("pending"), subscriptions.get("active"), subscriptions.get("expired"),
                outbox.get("queued"), outbox.get("sending"), outbox.get("sent"), outbox.get("failed"),
                oldestQueuedSeconds, retriesPending);
    }
}
