package io.activationworker.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ProductKeyTest {

    private static final String KEY = "BCDFG-HJKMP-QRTVW-XY234-6789B";

    @Test
    void lower_case_spaces_and_dashes_are_normalised() {
        assertThat(ProductKey.parse("bcdfg hjkmp-qrtvw xy234 6789b")).isEqualTo(ProductKey.parse(KEY));
        assertThat(ProductKey.parse("BCDFGHJKMPQRTVWXY23466789B".substring(0, 20) + "6789B").canonical())
                .isEqualTo("BCDFGHJKMPQRTVWXY2346789B");
        assertThat(ProductKey.parse(" " + KEY.toLowerCase() + " ").lastFive()).isEqualTo("6789B");
    }

    @Test
    void the_key_never_appears_in_its_string_form() {
        assertThat(ProductKey.parse(KEY).toString()).isEqualTo("…6789B");
    }

    @Test
    void too_short_and_too_long_say_how_many_characters() {
        assertThatThrownBy(() -> ProductKey.parse(KEY.substring(0, KEY.length() - 1)))
                .hasMessageContaining("25 characters").hasMessageContaining("24");
        assertThatThrownBy(() -> ProductKey.parse(KEY + "B")).hasMessageContaining("more");
    }

    @Test
    void look_alike_characters_are_refused_with_the_reason() {
        assertThatThrownBy(() -> ProductKey.parse("OCDFG-HJKMP-QRTVW-XY234-6789B")).hasMessageContaining("letter O");
        assertThatThrownBy(() -> ProductKey.parse("0CDFG-HJKMP-QRTVW-XY234-6789B")).hasMessageContaining("digit 0");
        assertThatThrownBy(() -> ProductKey.parse("ICDFG-HJKMP-QRTVW-XY234-6789B")).hasMessageContaining("letters I");
        assertThatThrownBy(() -> ProductKey.parse("1CDFG-HJKMP-QRTVW-XY234-6789B")).hasMessageContaining("digit 1");
        assertThatThrownBy(() -> ProductKey.parse("ACDFG-HJKMP-QRTVW-XY234-6789B")).hasMessageContaining("'A'");
        assertThatThrownBy(() -> ProductKey.parse("")).hasMessageContaining("empty");
    }

    @Property
    void any_25_characters_of_the_alphabet_parse_however_they_are_written(@ForAll("keys") String key,
                                                                        @ForAll boolean lower,
                                                                        @ForAll("separators") String separator) {
        StringBuilder written = new StringBuilder();
        for (int i = 0; i < key.length(); i++) {
            if (i > 0 && i % 5 == 0) {
                written.append(separator);
            }
            written.append(lower ? Character.toLowerCase(key.charAt(i)) : key.charAt(i));
        }
        assertThat(ProductKey.parse(written.toString()).canonical()).isEqualTo(key);
    }

    @Property
    void a_character_outside_the_alphabet_is_always_refused(@ForAll("keys") String key,
                                                          @ForAll("outsiders") char bad) {
        String broken = bad + key.substring(1);
        assertThat(ProductKey.tryParse(broken)).isEmpty();
    }

    @Property
    void any_other_length_is_refused(@ForAll("alphabetStrings") String chars) {
        assertThat(ProductKey.tryParse(chars).isPresent()).isEqualTo(chars.length() == 25);
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.strings().withChars(ProductKey.ALPHABET.toCharArray()).ofLength(25);
    }

    @Provide
    Arbitrary<String> alphabetStrings() {
        return Arbitraries.strings().withChars(ProductKey.ALPHABET.toCharArray()).ofMinLength(1).ofMaxLength(40);
    }

    @Provide
    Arbitrary<String> separators() {
        return Arbitraries.of("", "-", " ", " - ", "--");
    }

    @Provide
    Arbitrary<Character> outsiders() {
        return Arbitraries.chars().filter(c -> ProductKey.ALPHABET.indexOf(Character.toUpperCase(c)) < 0
                && c != ' ' && c != '-' && c != '\t');
    }
}
