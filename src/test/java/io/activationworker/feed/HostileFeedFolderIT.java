package io.activationworker.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.db.Database;
import io.activationworker.testing.AppProcess;
import io.activationworker.testing.BulkFeed;
import io.activationworker.testing.ProcessConfig;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A folder of hostile feed files beside good ones, imported with the real {@code import DIR}
 * command in a JVM with a 64 MB heap: each hostile file is refused with its line and column,
 * nothing is built from a tag, memory stays within the heap (a 30 MB file is read as a stream),
 * and the good files are imported.
 */
class HostileFeedFolderIT {

    private ProcessConfig config;
    private Database db;
    private ServerSocket gadgetTarget;

    @BeforeEach
    void start() throws IOException {
        config = ProcessConfig.write(1, Map.of());
        db = Database.connect(config.dbUrl(), "postgres", "", 2);
        gadgetTarget = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void stop() throws IOException {
        gadgetTarget.close();
        db.close();
    }

    @Test
    void each_hostile_file_is_refused_with_its_line_in_bounded_memory_and_every_good_file_is_imported() throws Exception {
        Path dir = Files.createDirectories(config.dir.resolve("incoming"));
        Path bomb = write(dir, "alias-bomb.yaml", """
                schema: 1
                partner: { id: bomb, name: "Bomb" }
                a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
                b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
                c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
                d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
                e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
                f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
                g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
                h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
                i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
                """);
        Path tag = write(dir, "tag.yaml", """
                schema: 1
                partner: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL ["http://127.0.0.1:%d/"]]]]
                agreements: []
                """.formatted(gadgetTarget.getLocalPort()));
        Path duplicate = write(dir, "duplicate.yaml", BulkFeed.yaml("duplicate", 100, 1) + "schema: 1\n");
        Path big = dir.resolve("big.yaml");
        try (BufferedWriter out = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
            out.write(BulkFeed.yaml("big", 200, 1));
            String filler = "# " + "x".repeat(1021) + "\n";
            for (int i = 0; i < 50 * 1024; i++) {
                out.write(filler);
            }
        }
        // Just under feed.max-bytes: read as a stream, so it fits a heap smaller than the file's text.
        Path nearLimit = dir.resolve("near-limit.yaml");
        try (BufferedWriter out = Files.newBufferedWriter(nearLimit, StandardCharsets.UTF_8)) {
            out.write(BulkFeed.yaml("near-limit", 4, 1));
            String filler = "# " + "y".repeat(1021) + "\n";
            for (int i = 0; i < 30 * 1024; i++) {
                out.write(filler);
            }
        }
        Path latin1 = dir.resolve("latin1.yaml");
        try (OutputStream out = Files.newOutputStream(latin1)) {
            out.write("schema: 1\npartner: { id: latin, name: \"Caf".getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[] {(byte) 0xE9, '"', ' ', '}', '\n'});
        }
        Path nesting = write(dir, "nesting.json", "[".repeat(100_000) + "]".repeat(100_000));
        Path deepYaml = write(dir, "deep.yaml", "schema: 1\npartner:\n" + nestedYaml(5_000));
        write(dir, "good.yaml", BulkFeed.yaml("good", 1, 2));
        write(dir, "good.json", """
                {"schema": 1, "partner": {"id": "good-json", "name": "Good JSON"},
                 "agreements": [{"number": "V0000003", "customer": {"tenant": "c3.example", "name": "C3"},
                   "onlineAdministrator": {"name": "Admin 3", "email": "admin3@c3.example"},
                   "keys": [{"key": "%s", "product": "Microsoft 365 Business Premium", "seats": 5, "termMonths": 12}]}]}
                """.formatted(BulkFeed.key(3)));
        assertThat(Files.size(big)).isGreaterThan(50L * 1024 * 1024);

        AppProcess.Result result = AppProcess.run("64m", config.file, Map.of(), Duration.ofSeconds(120),
                "import", dir.toString());

        assertThat(result.exitCode()).as("exit 2: some files unreadable\n" + result.stdout() + result.stderr()).isEqualTo(2);
        assertThat(result.stdout()).contains(
                bomb + ":3:4: anchors and aliases are not allowed in a feed",
                big + ":1:1: the file is 50.0 MB; the limit is 32.0 MB (feed.max-bytes)",
                latin1 + ":2:33: invalid UTF-8 at byte 42");
        for (Path hostile : new Path[] {bomb, tag, duplicate, big, latin1, nesting, deepYaml}) {
            assertThat(result.stdout()).as(hostile.getFileName().toString())
                    .containsPattern(Pattern.compile("^" + Pattern.quote(hostile.toString()) + ":\\d+:\\d+: \\S.*$",
                            Pattern.MULTILINE));
        }
        assertThat(result.stdout()).containsPattern(Pattern.quote(tag.toString()) + ":2:\\d+: tags are not allowed in a feed")
                .containsPattern(Pattern.quote(duplicate.toString()) + ":\\d+:\\d+: duplicate key 'schema'");
        assertThat(result.stdout() + result.stderr()).doesNotContain("OutOfMemoryError", "StackOverflowError", "Exception");
        assertNothingConnectedToTheGadgetTarget();

        assertThat(text("select string_agg(number, ' ' order by number) from agreement"))
                .isEqualTo("V0000001 V0000002 V0000003 V0000004");
        assertThat(text("select string_agg(id, ' ' order by id) from partner")).isEqualTo("good good-json near-limit");
    }

    private void assertNothingConnectedToTheGadgetTarget() throws IOException {
        gadgetTarget.setSoTimeout(1);
        try {
            gadgetTarget.accept().close();
            throw new AssertionError("something built from the feed's tags connected to " + gadgetTarget.getLocalPort());
        } catch (SocketTimeoutException expected) {
            // Nobody called: no class named in the feed was instantiated.
        }
    }

    private String text(String sql) {
        return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(String.class).one());
    }

    private static String nestedYaml(int depth) {
        StringBuilder s = new StringBuilder();
        for (int i = 1; i <= depth; i++) {
            s.append("  ".repeat(i)).append("k").append(i).append(":\n");
        }
        return s.toString();
    }

    private static Path write(Path dir, String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }
}
