package io.activationworker.key;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hash (HMAC-SHA256 with {@code key.secret}) of a product key. A plain hash would let
 * anyone with a database dump enumerate the 24^25 key space offline for known key prefixes;
 * the secret stays outside the database.
 */
public final class KeyHasher {

    private final SecretKeySpec secret;

    public KeyHasher(byte[] secret) {
        this.secret = new SecretKeySpec(secret, "HmacSHA256");
    }

    public byte[] hash(ProductKey key) {
        return mac("product-key:" + key.canonical());
    }

    /** The same keyed hash for other purposes (CSRF tokens, for instance), separated by a prefix. */
    public byte[] mac(String purposeAndValue) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            return mac.doFinal(purposeAndValue.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
