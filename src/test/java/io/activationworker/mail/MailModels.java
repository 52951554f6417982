package io.activationworker.mail;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Realistic models for every message kind, shaped like the JSON the outbox stores. */
public final class MailModels {

    static final String LINK = "https://activate.example/activate/q7Xw-Ke_9vT2LmN0?lang=nl&src=mail";
    static final String PRODUCTS_URL = "https://activate.example/products";

    private MailModels() {
    }

    public static Map<String, Object> forKind(MessageKind kind) {
        Map<String, Object> m = new HashMap<>();
        switch (kind) {
            case ACTIVATION_LINK, REMINDER -> {
                m.put("adminName", "Anna de Vries");
                m.put("agreementNumber", "V1234567");
                m.put("customerName", "Fabrikam NV");
                m.put("tenant", "fabrikam.example");
                m.put("partnerName", "Northwind Partners BV");
                m.put("products", products());
                m.put("link", LINK);
                m.put("linkExpires", "2027-06-30");
            }
            case NEW_LINK_NOTICE -> {
                m.put("contactEmail", "legal@fabrikam.example");
                m.put("agreementNumber", "V1234567");
                m.put("customerName", "Fabrikam NV");
                m.put("partnerName", "Northwind Partners BV");
                m.put("products", products());
            }
            case ACTIVATION_CONFIRMATION -> {
                m.put("adminName", "Anna de Vries");
                m.put("agreementNumber", "V1234567");
                m.put("customerName", "Fabrikam NV");
                m.put("partnerName", "Northwind Partners BV");
                m.put("activatedAt", "2026-11-25T14:05:00Z");
                m.put("subscriptions", List.of(
                        Map.of("product", "Microsoft 365 Business Premium", "seats", 25,
                                "startDate", "2026-11-25", "endDate", "2027-11-25"),
                        Map.of("product", "Microsoft 365 Apps for business", "seats", 1,
                                "startDate", "2026-11-25", "endDate", "2027-06-30")));
                m.put("productsUrl", PRODUCTS_URL);
            }
            case ADMINISTRATOR_REPLACED -> {
                m.put("adminName", "Anna de Vries");
                m.put("agreementNumber", "V1234567");
                m.put("customerName", "Fabrikam NV");
                m.put("partnerName", "Northwind Partners BV");
            }
            case IMPORT_REPORT -> { // issue 16
                m.put("partnerName", "Northwind Partners BV");
                m.put("file", "api/northwind.yaml");
                m.put("count", 1);
                m.put("rejections", List.of("api/northwind.yaml:4: agreement V1234567: no keys"));
            }
            case DELIVERY_FAILURE -> {
                m.put("partnerName", "Northwind Partners BV");
                m.put("partnerContact", "licensing@northwind.example");
                m.put("agreementNumber", "V1234567");
                m.put("customerName", "Fabrikam NV");
                m.put("address", "anna@fabrikam.example");
                m.put("reason", "550 5.1.1 <anna@fabrikam.example>: Recipient address rejected: User unknown");
                m.put("toPartner", false);
            }
            case SIGNIN_LINK -> {
                m.put("link", LINK);
                m.put("expiresMinutes", 15);
                m.put("requestedAt", "2026-11-25T14:05:00Z");
            }
            case REDEMPTION_CONFIRMATION -> {
                m.put("adminName", "Anna de Vries");
                m.put("customerName", "Fabrikam NV");
                m.put("product", "Microsoft 365 Business Premium");
                m.put("keyLastFive", "6789B");
                m.put("action", "extend");
                m.put("seatsBefore", 25);
                m.put("seatsAfter", 25);
                m.put("endBefore", "2027-06-30");
                m.put("endAfter", "2028-06-30");
                m.put("productsUrl", PRODUCTS_URL);
                m.put("redeemedAt", "2026-11-25T14:05:00Z");
            }
        }
        return m;
    }

    /** The URL a reader is asked to follow, for the kinds that have one. */
    static String linkOf(MessageKind kind) {
        return switch (kind) {
            case ACTIVATION_LINK, REMINDER, SIGNIN_LINK -> LINK;
            case ACTIVATION_CONFIRMATION, REDEMPTION_CONFIRMATION -> PRODUCTS_URL;
            case NEW_LINK_NOTICE, ADMINISTRATOR_REPLACED, IMPORT_REPORT, DELIVERY_FAILURE ->
                    throw new IllegalArgumentException("a notice has no link");
        };
    }

    private static List<Map<String, Object>> products() {
        return List.of(
                Map.of("product", "Microsoft 365 Business Premium", "seats", 25, "termMonths", 12),
                Map.of("product", "Microsoft 365 Apps for business", "seats", 1, "termMonths", 1));
    }
}
