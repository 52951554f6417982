package io.activationworker.testing;

/** Feed texts for tests, with valid keys (alphabet BCDFGHJKMPQRTVWXY2346789). */
public final class Feeds {

    public static final String KEY_A = "BQW2K-CYTH7-XFP4W-C46P6-9CB4P";
    public static final String KEY_B = "963H4-DKMV7-QKRR8-M3QBQ-649WT";
    public static final String KEY_C = "WF8WG-KVWJ4-WC496-JPXDF-F27T8";
    public static final String RETAIL_1 = "DK8KR-VWX84-CC2F3-6H8KX-M3QFB";
    public static final String RETAIL_2 = "V74KK-JCQ3C-4CBB3-XX2FC-6C6PJ";
    public static final String RETAIL_OTHER_PRODUCT = "M4R3R-QFC8J-WT7HJ-Y4Q9V-27T6V";
    public static final String RETAIL_EXPIRED = "XXV9W-Q36B7-4F9R8-7FB7R-3CT3W";
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
}
