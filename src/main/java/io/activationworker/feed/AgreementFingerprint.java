package io.activationworker.feed;

import io.activationworker.key.Tokens;
import java.util.HexFormat;
import java.util.List;

/**
 * A digest of everything the feed says about one agreement. Equal digests mean "nothing to do",
 * which is what makes re-importing an unchanged feed cheap and silent. Keys enter as their keyed
 * hashes, so the digest reveals no key.
 */
final class AgreementFingerprint {

    private AgreementFingerprint() {
    }

    static String of(FeedAgreement a, List<byte[]> keyHashes) {
        StringBuilder s = new StringBuilder(256);
        field(s, a.number());
        field(s, a.tenant());
        field(s, a.customerName());
        field(s, a.adminName().orElse(""));
        field(s, a.adminEmail().orElse(""));
        field(s, a.noticesContact().orElse(""));
        field(s, a.locale());
        for (int i = 0; i < a.keys().size(); i++) {
            FeedKey k = a.keys().get(i);
            field(s, HexFormat.of().formatHex(keyHashes.get(i)));
            field(s, k.product());
            field(s, Integer.toString(k.seats()));
            field(s, Integer.toString(k.termMonths()));
            field(s, k.redeemBy().map(Object::toString).orElse(""));
        }
        return Tokens.sha256Hex(s.toString());
    }

    private static void field(StringBuilder s, String value) {
        s.append(value).append('\u0001');
    }
}
