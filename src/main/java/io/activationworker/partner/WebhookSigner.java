package io.activationworker.partner;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures: {@code v1,} + base64 of HMAC-SHA256 over {@code id.timestamp.body}
 * with the secret's bytes (the base64 after {@code whsec_}); several secrets (a rotation) give
 * several signatures, space-separated.
 */
final class WebhookSigner {

    private WebhookSigner() {
    }

    public static String signatures(List<String> secrets, String eventId, long timestamp, String body) {
        return secrets.stream().map(s -> "v1," + sign(s, eventId, timestamp, body)).collect(Collectors.joining(" "));
    }

    public static String sign(String secret, String eventId, long timestamp, String body) {
        String encoded = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(encoded), "HmacSHA256"));
            byte[] signed = mac.doFinal((eventId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
