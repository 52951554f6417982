package io.activationworker.activation;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.key.Tokens;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The terms are shown as paragraphs that wrap to the screen, not with the text file's hard line breaks. */
class TermsTextTest {

    private static final TermsText TERMS = new TermsText(Path.of("templates"), "test-1");

    @Test
    void a_clause_wrapped_over_several_lines_in_the_file_becomes_one_paragraph() {
        String text = TERMS.forLocale("en").text();

        assertThat(text).contains("1. Parties. These terms apply between the organisation named on this page (\"Customer\") "
                + "and the publisher of the online services");
        assertThat(text).doesNotContain("the\npublisher", "  ");
    }

    @Test
    void numbered_clauses_stay_separate_paragraphs_in_both_languages() {
        for (String locale : new String[] {"en", "nl"}) {
            TermsText.Terms terms = TERMS.forLocale(locale);
            assertThat(terms.paragraphs()).as(locale).hasSize(8);
            for (int clause = 1; clause <= 7; clause++) {
                assertThat(terms.paragraphs().get(clause)).as(locale).startsWith(clause + ". ");
            }
            assertThat(terms.paragraphs()).as(locale).allSatisfy(p -> assertThat(p).doesNotContain("\n").isEqualTo(p.strip()));
        }
    }

    @Test
    void a_numbered_line_starts_a_paragraph_even_without_a_blank_line_before_it() {
        assertThat(TermsText.reflow("Title\n1. First clause\n   goes on.\n2. Second.\n"))
                .isEqualTo("Title\n\n1. First clause goes on.\n\n2. Second.");
    }

    @Test
    void the_recorded_sha256_is_of_the_reflowed_text_that_is_shown() {
        TermsText.Terms terms = TERMS.forLocale("nl");

        assertThat(terms.sha256()).isEqualTo(Tokens.sha256Hex(terms.text()));
        assertThat(terms.text()).doesNotContain("\r").contains("\n\n");
    }
}
