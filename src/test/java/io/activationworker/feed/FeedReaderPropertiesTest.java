package io.activationworker.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.Size;

/**
 * Whatever a partner (or an attacker) does to a feed, {@code read} either returns a document or
 * rejects the file with a line; no other throwable ever reaches the watcher. Named *Test so
 * Surefire runs it with the rest.
 */
class FeedReaderPropertiesTest {

    private static final FeedReader READER = new FeedReader(FeedFixtures.CATALOGUE, 64 * 1024);
    private static final List<String> TOKENS = List.of("&a ", "*a", "!!str ", "!foo ", "[[[[", "]]", "{", "}", "\n  - ",
            "---\n", "...\n", ": ", "- ", "\"", "'", "\\", "#", "|\n", ">-\n", "%YAML 1.1\n", "? ", "\t", "\r", "\0", "\uFEFF",
            "\u2028", "é", "😀", "null", "~", "1e400", "-0", "0x1F", "99999999999999999999", "V1234567", "BCDFG-HJKMP-QRTVW-XY234-6789B");

    @Property(tries = 600)
    void a_mutated_valid_feed_is_read_or_rejected_with_a_line(@ForAll("feeds") Feed feed,
            @ForAll("mutations") List<Mutation> mutations) throws IOException {
        byte[] content = feed.text().getBytes(StandardCharsets.UTF_8);
        for (Mutation mutation : mutations) {
            content = mutation.apply(content);
        }
        readOrReject(feed.extension(), content);
    }

    @Property(tries = 300)
    void random_bytes_are_read_or_rejected_with_a_line(@ForAll @Size(max = 400) byte[] content) throws IOException {
        readOrReject(".yaml", content);
    }

    private static void readOrReject(String extension, byte[] content) throws IOException {
        Path file = Files.createTempFile("feed-property-", extension);
        try {
            Files.write(file, content);
            FeedDocument doc = READER.read(file);
            assertThat(doc.rejections()).allSatisfy(r -> assertThat(r.line()).isPositive());
            Statistics.collect(doc.rejections().isEmpty() ? "read" : "read with rejections");
        } catch (FeedFileRejectedException e) {
            Statistics.collect("file rejected");
            assertThat(e.getLine()).isPositive();
            assertThat(e.getColumn()).isPositive();
            assertThat(e.getReason()).isNotBlank();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    record Feed(String text, String extension) {
    }

    @Provide
    Arbitrary<Feed> feeds() {
        return Arbitraries.of(new Feed(FeedFixtures.VALID_YAML, ".yaml"), new Feed(FeedFixtures.VALID_JSON, ".json"));
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, 1_000_000);
        Arbitrary<byte[]> bytes = Arbitraries.oneOf(
                Arbitraries.of(TOKENS).map(t -> t.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(4));
        return Arbitraries.<Mutation>oneOf(
                Combinators.combine(at, Arbitraries.integers().between(1, 40)).as(Delete::new),
                Combinators.combine(at, bytes).as(Insert::new),
                Combinators.combine(at, Arbitraries.bytes()).as(Replace::new),
                Combinators.combine(at, Arbitraries.integers().between(1, 50)).as(DuplicateLine::new),
                at.map(Truncate::new)).list().ofMinSize(1).ofMaxSize(5);
    }

    /** Positions are taken modulo the current length, so every mutation applies to any content. */
    sealed interface Mutation permits Delete, Insert, Replace, DuplicateLine, Truncate {
        byte[] apply(byte[] content);
    }

    record Delete(int at, int length) implements Mutation {
        public byte[] apply(byte[] content) {
            if (content.length == 0) {
                return content;
            }
            int from = at % content.length;
            int to = Math.min(content.length, from + length);
            byte[] out = new byte[content.length - (to - from)];
            System.arraycopy(content, 0, out, 0, from);
            System.arraycopy(content, to, out, from, content.length - to);
            return out;
        }
    }

    record Insert(int at, byte[] bytes) implements Mutation {
        public byte[] apply(byte[] content) {
            int where = at % (content.length + 1);
            byte[] out = new byte[content.length + bytes.length];
            System.arraycopy(content, 0, out, 0, where);
            System.arraycopy(bytes, 0, out, where, bytes.length);
            System.arraycopy(content, where, out, where + bytes.length, content.length - where);
            return out;
        }

        @Override
        public String toString() {
            return "Insert[at=" + at + ", bytes=" + Arrays.toString(bytes) + "]";
        }
    }

    record Replace(int at, byte value) implements Mutation {
        public byte[] apply(byte[] content) {
            if (content.length == 0) {
                return content;
            }
            byte[] out = content.clone();
            out[at % content.length] = value;
            return out;
        }
    }

    record DuplicateLine(int at, int times) implements Mutation {
        public byte[] apply(byte[] content) {
            String text = new String(content, StandardCharsets.ISO_8859_1);
            List<String> lines = text.lines().toList();
            if (lines.isEmpty()) {
                return content;
            }
            String line = lines.get(at % lines.size()) + "\n";
            int start = 0;
            for (int i = 0; i < at % lines.size(); i++) {
                start = text.indexOf('\n', start) + 1;
            }
            String out = text.substring(0, start) + line.repeat(times) + text.substring(start);
            return out.getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    record Truncate(int at) implements Mutation {
        public byte[] apply(byte[] content) {
            return Arrays.copyOf(content, content.length == 0 ? 0 : at % content.length);
        }
    }
}
