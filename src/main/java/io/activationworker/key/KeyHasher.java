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
    /** Looking up and keying a Mac costs more than the hash itself; each thread keeps one. */
    private final ThreadLocal<Mac> macs;

    public KeyHasher(byte[] secret) {
        this.secret = new SecretKeySpec(secret, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    public byte[] hash(ProductKey key) {
        return mac("product-key:" + key.canonical());
    }

    /** The same keyed hash for other purposes (CSRF tokens, for instance), separated by a prefix. */
    public byte[] mac(String purposeAndValue) {
        // doFinal leaves the Mac reset and keyed for the next use.
        return macs.get().doFinal(purposeAndValue.getBytes(StandardCharsets.UTF_8));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
