package io.activationworker.redemption;

import java.util.List;

/**
 * A checked order waiting for "Redeem": held in the session row (never in a URL or a form), and
 * naming keys by their row ids, never by the keys themselves.
 */
public record RedeemOrder(long subscriptionId, RedeemAction action, List<Long> keyIds) {
}
