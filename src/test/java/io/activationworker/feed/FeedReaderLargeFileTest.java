package io.activationworker.feed;

import static io.activationworker.feed.FeedFixtures.reader;
import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.key.ProductKey;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A big partner's feed: a hundred thousand agreements (about 25 MB). The reader streams agreements
 * into compact records, so the whole document stays small in memory; its speed is a bench figure.
 */
class FeedReaderLargeFileTest {

    private static final int AGREEMENTS = 100_000;

    @TempDir
    Path dir;

    @Test
    void a_hundred_thousand_agreements_are_read_one_by_one() throws IOException {
        Path file = dir.resolve("big.yaml");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("schema: 1\npartner: { id: big-partner, name: \"Big Partner BV\" }\nagreements:\n");
            for (int i = 0; i < AGREEMENTS; i++) {
                out.write("""
                          - number: V%07d
                            customer: { tenant: c%d.example, name: "Customer %d" }
                            onlineAdministrator: { name: "Admin %d", email: a%d@c%d.example }
                            locale: nl
                            keys:
                              - { key: "%s", product: "Microsoft 365 Business Premium", seats: 25, termMonths: 12 }
                        """.formatted(i, i, i, i, i, i, key(i)));
            }
            out.write("  - { number: V0000000 }\n");
        }
        assertThat(Files.size(file)).isGreaterThan(20_000_000L);

        FeedDocument doc = reader().read(file);
        long liveBytes = liveHeapBytes();

        assertThat(doc.agreements()).hasSize(AGREEMENTS);
        assertThat(doc.agreements().get(AGREEMENTS - 1).line()).isEqualTo(4 + 6 * (AGREEMENTS - 1));
        assertThat(doc.rejections()).first().hasToString(file + ":" + (4 + 6 * AGREEMENTS)
                + ": agreement V0000000: agreement number appears twice in this file (first at line 4)");
        // The document is still referenced here, so the live heap holds all of it: compact records
        // keep it far below the 256 MB a small import JVM gets. (Speed is measured in bench/, not here.)
        assertThat(liveBytes).as("live heap after reading, bytes").isLessThan(200L * 1024 * 1024);
        assertThat(doc.agreements()).isNotEmpty();
    }

    /** Heap in use after a full collection: what the program still holds, not garbage. */
    private static long liveHeapBytes() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** A distinct valid key per agreement: the last five characters count in base 24. */
    private static String key(int n) {
        char[] tail = new char[5];
        for (int i = 4; i >= 0; i--) {
            tail[i] = ProductKey.ALPHABET.charAt(n % 24);
            n /= 24;
        }
        return "BCDFG-HJKMP-QRTVW-XY234-" + new String(tail);
    }
}
