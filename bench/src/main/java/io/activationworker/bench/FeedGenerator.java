package io.activationworker.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * Writes a partner feed of N agreements with one open key each, in the layout of the sample feed
 * (config/feed): block-style agreements with flow-style customer, administrator and keys; 100,000
 * agreements stay under the default feed.max-bytes. Deterministic for a given seed; half the
 * agreements are Dutch so both template sets are exercised.
 */
final class FeedGenerator {

    private static final String ALPHABET = "BCDFGHJKMPQRTVWXY2346789";
    private static final String[] PRODUCTS = {
        "Microsoft 365 Business Premium", "Microsoft 365 Business Standard", "Exchange Online (Plan 1)"};

    private FeedGenerator() {
    }

    static Path write(Path file, String partnerId, int agreements, long seed) throws IOException {
        return write(file, partnerId, agreements, seed, "B");
    }

    /** As above with agreement numbers {@code prefix + 7 digits}: several partners' feeds side by side. */
    static Path write(Path file, String partnerId, int agreements, long seed, String prefix) throws IOException {
        Files.createDirectories(file.getParent());
        Random random = new Random(seed);
        Set<String> keys = new HashSet<>();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("schema: 1\n");
            out.write("partner: { id: " + partnerId + ", name: \"Bench Partner " + partnerId + " BV\" }\n");
            out.write("agreements:\n");
            for (int i = 1; i <= agreements; i++) {
                String key;
                do {
                    key = key(random);
                } while (!keys.add(key));
                String n = String.format("%07d", i);
                String tenant = "customer" + n + ".example";
                out.write("  - number: " + prefix + n + "\n"
                        + "    customer: { tenant: " + tenant + ", name: \"Customer " + n + " NV\" }\n"
                        + "    onlineAdministrator: { name: \"Admin " + n + "\", email: admin" + n + "@" + tenant + " }\n"
                        + "    locale: " + (i % 2 == 0 ? "nl" : "en") + "\n"
                        + "    keys:\n"
                        + "      - { key: \"" + key + "\", product: \"" + PRODUCTS[i % PRODUCTS.length] + "\", seats: "
                        + (5 + i % 20) + ", termMonths: 12 }\n");
            }
        }
        return file;
    }

    private static String key(Random random) {
        StringBuilder s = new StringBuilder(29);
        for (int i = 0; i < 25; i++) {
            if (i > 0 && i % 5 == 0) {
                s.append('-');
            }
            s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }
}
