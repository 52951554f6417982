package io.activationworker.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** COPY's text format as PostgreSQL writes it (the live round trip is in PartnerStatusIT). */
class CopyOutRowsTest {

    private static String[] split(String line, int columns) {
        String[] fields = new String[columns];
        CopyOutRows.split(line.getBytes(StandardCharsets.UTF_8), fields);
        return fields;
    }

    @Test
    void fields_are_split_at_tabs_and_null_is_backslash_n() {
        assertThat(split("V1\t\\N\tanna@fabrikam.example\t\n", 4)).containsExactly("V1", null, "anna@fabrikam.example", "");
    }

    @Test
    void escapes_are_undone_and_text_stays_utf8() {
        assertThat(split("a\\\\b\\tc\\nd\\re\\bf\\fg\\vh\\\\N\tcafé \"x\"\n", 2))
                .containsExactly("a\\b\tc\nd\re\bf\fg\u000bh\\N", "café \"x\"");
    }

    @Test
    void a_row_with_another_number_of_fields_is_refused() {
        assertThatThrownBy(() -> split("a\tb\tc\n", 2)).hasMessageContaining("more than 2 fields");
        assertThatThrownBy(() -> split("a\n", 2)).hasMessageContaining("1 fields in a row, not 2");
    }
}
