package io.activationworker.feed;

import io.activationworker.catalogue.Product;
import io.activationworker.catalogue.ProductCatalogue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Shared sample feeds, keys and the test catalogue. */
final class FeedFixtures {

    static final ProductCatalogue CATALOGUE = new ProductCatalogue(List.of(
            new Product("Microsoft 365 Business Premium", 300),
            new Product("Microsoft 365 Business Standard", 300)));

    static final String KEY_1 = "BCDFG-HJKMP-QRTVW-XY234-6789B";
    static final String KEY_2 = "CDFGH-JKMPQ-RTVWX-Y2346-789BC";
    static final String KEY_3 = "DFGHJ-KMPQR-TVWXY-23467-89BCD";
    static final String KEY_4 = "FGHJK-MPQRT-VWXY2-34678-9BCDF";
    static final String KEY_5 = "GHJKM-PQRTV-WXY23-46789-BCDFG";

    /** Lines 1-3; the first agreement starts on line 4. */
    static final String HEADER = """
            schema: 1
            partner: { id: northwind-partners, name: "Northwind Partners BV" }
            agreements:
            """;

    /** One valid agreement, six lines, indented to sit under {@code agreements:}. */
    static final String AGREEMENT = """
              - number: V1234567
                customer: { tenant: fabrikam.example, name: "Fabrikam NV" }
                onlineAdministrator: { name: "Anna de Vries", email: anna@fabrikam.example }
                locale: nl
                keys:
                  - { key: "BCDFG-HJKMP-QRTVW-XY234-6789B", product: "Microsoft 365 Business Premium", seats: 25, termMonths: 12 }
            """;

    static final String VALID_YAML = """
            # Northwind's feed
            schema: 1
            partner: { id: northwind-partners, name: "Northwind Partners BV" }
            agreements:
              - number: V1234567
                customer: { tenant: fabrikam.example, name: "Fabrikam NV" }
                onlineAdministrator: { name: "Anna de Vries", email: anna@fabrikam.example }
                noticesContact: legal@fabrikam.example
                locale: nl
                keys:
                  - { key: "BCDFG-HJKMP-QRTVW-XY234-6789B", product: "Microsoft 365 Business Premium", seats: 25, termMonths: 12 }
                  - key: "CDFGH-JKMPQ-RTVWX-Y2346-789BC"
                    product: Microsoft 365 Business Standard
                    seats: 5
                    termMonths: 24
                    redeemBy: 2027-06-30
              - number: V7654321
                customer:
                  tenant: contoso.example
                  name: Contoso BV
                noticesContact: legal@contoso.example
                keys:
                  - { key: "dfghj kmpqr tvwxy 23467 89bcd", product: "Microsoft 365 Business Premium", seats: 300, termMonths: 1 }
            retailKeys:
              - { key: "FGHJK-MPQRT-VWXY2-34678-9BCDF", product: "Microsoft 365 Business Premium", seats: 5, termMonths: 12 }
            """;

    static final String VALID_JSON = """
            {
              "schema": 1,
              "partner": {"id": "northwind-partners", "name": "Northwind Partners BV"},
              "agreements": [
                {
                  "number": "V1234567",
                  "customer": {"tenant": "fabrikam.example", "name": "Fabrikam NV"},
                  "onlineAdministrator": {"name": "Anna de Vries", "email": "anna@fabrikam.example"},
                  "noticesContact": "legal@fabrikam.example",
                  "locale": "nl",
                  "keys": [
                    {"key": "BCDFG-HJKMP-QRTVW-XY234-6789B", "product": "Microsoft 365 Business Premium", "seats": 25, "termMonths": 12},
                    {"key": "CDFGH-JKMPQ-RTVWX-Y2346-789BC", "product": "Microsoft 365 Business Standard", "seats": 5,
                     "termMonths": 24, "redeemBy": "2027-06-30"}
                  ]
                },
                {
                  "number": "V7654321",
                  "customer": {"tenant": "contoso.example", "name": "Contoso BV"},
                  "noticesContact": "legal@contoso.example",
                  "keys": [{"key": "dfghj kmpqr tvwxy 23467 89bcd", "product": "Microsoft 365 Business Premium", "seats": 300, "termMonths": 1}]
                }
              ],
              "retailKeys": [
                {"key": "FGHJK-MPQRT-VWXY2-34678-9BCDF", "product": "Microsoft 365 Business Premium", "seats": 5, "termMonths": 12}
              ]
            }
            """;

    private FeedFixtures() {
    }

    static FeedReader reader() {
        return new FeedReader(CATALOGUE, FeedReader.DEFAULT_MAX_BYTES);
    }

    static Path write(Path dir, String name, String content) {
        return write(dir, name, content.getBytes(StandardCharsets.UTF_8));
    }

    static Path write(Path dir, String name, byte[] content) {
        try {
            return Files.write(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
