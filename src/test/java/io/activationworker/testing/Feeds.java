package io.activationworker.testing;

import io.activationworker.key.ProductKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Feed texts for tests, with valid keys (alphabet BCDFGHJKMPQRTVWXY2346789). */
public final class Feeds {

    public static final String KEY_A = "BQW2K-CYTH7-XFP4W-C46P6-9CB4P";
    public static final String KEY_B = "963H4-DKMV7-QKRR8-M3QBQ-649WT";
    public static final String KEY_C = "WF8WG-KVWJ4-WC496-JPXDF-F27T8";
    public static final String RETAIL_1 = "DK8KR-VWX84-CC2F3-6H8KX-M3QFB";
    public static final String RETAIL_2 = "V74KK-JCQ3C-4CBB3-XX2FC-6C6PJ";
    public static final String RETAIL_OTHER_PRODUCT = "M4R3R-QFC8J-WT7HJ-Y4Q9V-27T6V";
    public static final String RETAIL_EXPIRED = "XXV9W-Q36B7-4F9R8-7FB7R-3CT3W";
    /** A retail Business Premium key of 280 seats: with the 25 of KEY_A it passes the cap of 300. */
    public static final String RETAIL_280 = "T7HGK-2W9QD-MX4CR-86PJB-VFY3T";
    public static final String PREMIUM = "Microsoft 365 Business Premium";

    private Feeds() {
    }

    /** One partner, one agreement V1234567 (nl) with the given keys, administered by the given person. */
    public static String agreement(String adminName, String adminEmail, String... keys) {
        StringBuilder s = new StringBuilder("""
                schema: 1
                partner: { id: northwind-partners, name: "Northwind Partners BV" }
                agreements:
                  - number: V1234567
                    customer: { tenant: fabrikam.example, name: "Fabrikam NV" }
                    onlineAdministrator: { name: "%s", email: %s }
                    locale: nl
                    keys:
                """.formatted(adminName, adminEmail));
        for (String key : keys) {
            s.append("      - { key: \"").append(key).append("\", product: \"").append(PREMIUM)
                    .append("\", seats: 25, termMonths: 12 }\n");
        }
        return s.toString();
    }

    /** The standard test feed: V1234567 with KEY_A for Anna, and retail keys. */
    public static String standard() {
        return agreement("Anna de Vries", "anna@fabrikam.example", KEY_A) + """
                retailKeys:
                  - { key: "%s", product: "%s", seats: 5, termMonths: 12 }
                  - { key: "%s", product: "%s", seats: 10, termMonths: 12 }
                  - { key: "%s", product: "Microsoft 365 Business Standard", seats: 5, termMonths: 12 }
                  - { key: "%s", product: "%s", seats: 5, termMonths: 12, redeemBy: 2020-01-31 }
                """.formatted(RETAIL_1, PREMIUM, RETAIL_2, PREMIUM, RETAIL_OTHER_PRODUCT, RETAIL_EXPIRED, PREMIUM);
    }

    /**
     * Two organisations, each with an open Business Premium key: V1234567 (Fabrikam NV, Anna, KEY_A,
     * 25 seats) and V7654321 (Contoso BV, the given administrator, KEY_B, 10 seats); the retail keys
     * of {@link #standard()} plus RETAIL_280 and the given extra retail keys (5 seats, 12 months each).
     */
    public static String twoOrganisations(String secondAdminName, String secondAdminEmail, String... extraRetail) {
        StringBuilder s = new StringBuilder(standard().replace("retailKeys:\n", """
                  - number: V7654321
                    customer: { tenant: contoso.example, name: "Contoso BV" }
                    onlineAdministrator: { name: "%s", email: %s }
                    locale: en
                    keys:
                      - { key: "%s", product: "%s", seats: 10, termMonths: 12 }
                retailKeys:
                  - { key: "%s", product: "%s", seats: 280, termMonths: 12 }
                """.formatted(secondAdminName, secondAdminEmail, KEY_B, PREMIUM, RETAIL_280, PREMIUM)));
        for (String key : extraRetail) {
            s.append("  - { key: \"").append(key).append("\", product: \"").append(PREMIUM)
                    .append("\", seats: 5, termMonths: 12 }\n");
        }
        return s.toString();
    }

    /** Valid, distinct product keys made from a seed (never one of the named keys above). */
    public static List<String> generatedKeys(int count, long seed) {
        Random random = new Random(seed);
        List<String> keys = new ArrayList<>();
        String alphabet = ProductKey.ALPHABET;
        while (keys.size() < count) {
            StringBuilder k = new StringBuilder();
            for (int i = 0; i < 25; i++) {
                if (i > 0 && i % 5 == 0) {
                    k.append('-');
                }
                k.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            if (!keys.contains(k.toString())) {
                keys.add(k.toString());
            }
        }
        return keys;
    }
}
