package io.activationworker.redemption;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;

/**
 * A checked order waiting for "Redeem": held in the session row (never in a URL or a form), and
 * naming keys by their row ids, never by the keys themselves.
 */
record RedeemOrder(long subscriptionId, RedeemAction action, List<Long> keyIds) {

    private static final ObjectMapper JSON = new ObjectMapper();

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The order a session holds; empty when it holds none, or one this version cannot read. */
    static Optional<RedeemOrder> fromJson(String json) {
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(json, RedeemOrder.class));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
