package io.activationworker.testing;

import io.activationworker.key.ProductKey;

/**
 * Feeds with many agreements, one open key each, for tests that need a queue of emails:
 * agreement {@code V<first + i>} is administered by {@code admin<first + i>@customer<first + i>.example}.
 */
public final class BulkFeed {

    private BulkFeed() {
    }

    public static String yaml(String partnerId, int first, int count) {
        StringBuilder s = new StringBuilder("schema: 1\npartner: { id: " + partnerId + ", name: \"Partner " + partnerId
                + "\" }\nagreements:\n");
        for (int n = first; n < first + count; n++) {
            s.append("""
                      - number: V%07d
                        customer: { tenant: customer%d.example, name: "Customer %d" }
                        onlineAdministrator: { name: "Admin %d", email: %s }
                        locale: en
                        keys:
                          - { key: "%s", product: "Microsoft 365 Business Premium", seats: 5, termMonths: 12 }
                    """.formatted(n, n, n, n, email(n), key(n)));
        }
        return s.toString();
    }

    public static String email(int n) {
        return "admin" + n + "@customer" + n + ".example";
    }

    /** A distinct valid key per number: the last five characters count in base 24. */
    public static String key(int n) {
        char[] tail = new char[5];
        int rest = n;
        for (int i = 4; i >= 0; i--) {
            tail[i] = ProductKey.ALPHABET.charAt(rest % 24);
            rest /= 24;
        }
        return "HJKMP-BCDFG-QRTVW-XY234-" + new String(tail);
    }
}
