package io.activationworker.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.From;
import java.util.List;
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

    @Property
    void however_a_valid_key_is_cased_spaced_or_dashed_it_normalises_to_the_same_key(
            @ForAll("keys") String key, @ForAll @Size(25) List<@From("separators") String> before,
            @ForAll @Size(25) List<Boolean> lower) {
        StringBuilder written = new StringBuilder();
        for (int i = 0; i < key.length(); i++) {
            written.append(before.get(i)).append(lower.get(i) ? Character.toLowerCase(key.charAt(i)) : key.charAt(i));
        }
        ProductKey parsed = ProductKey.parse(written + before.get(0));
        assertThat(parsed.canonical()).isEqualTo(key);
        assertThat(parsed.lastFive()).isEqualTo(key.substring(20));
        assertThat(parsed.toString()).doesNotContain(key.substring(0, 20));
    }

    @Property
    void twenty_four_or_twenty_six_characters_are_refused_saying_a_key_has_25(
            @ForAll("keys") String key, @ForAll @IntRange(max = 24) int at, @ForAll("alphabet") char extra) {
        String shorter = key.substring(0, at) + key.substring(at + 1);
        String longer = key.substring(0, at) + extra + key.substring(at);
        assertThatThrownBy(() -> ProductKey.parse(group(shorter)))
                .hasMessage("a product key has 25 characters; this one has 24");
        assertThatThrownBy(() -> ProductKey.parse(group(longer)))
                .hasMessage("a product key has 25 characters; this one has more");
    }

    @Property
    void a_look_alike_character_anywhere_is_refused_naming_what_it_looks_like(
            @ForAll("keys") String key, @ForAll @IntRange(max = 24) int at, @ForAll("lookAlikes") char lookAlike) {
        String typed = key.substring(0, at) + lookAlike + key.substring(at + 1);
        assertThatThrownBy(() -> ProductKey.parse(group(typed)))
                .isInstanceOf(InvalidProductKeyException.class)
                .hasMessageContaining("O".equalsIgnoreCase(String.valueOf(lookAlike)) || lookAlike == '0'
                        ? "never contain the letter O or the digit 0" : "never contain the letters I or L or the digit 1");
    }

    @Property
    void a_character_outside_ascii_is_refused_even_when_it_looks_like_a_key_character(
            @ForAll("keys") String key, @ForAll @IntRange(max = 25) int at, @ForAll("nonAscii") char foreign) {
        assertThat(ProductKey.tryParse(key.substring(0, at) + foreign + key.substring(at))).isEmpty();
    }

    @Test
    void unicode_look_alikes_of_key_characters_are_refused() {
        // Fullwidth B, Cyrillic В and С, Kelvin sign K, dotless ı: each looks like a key character in some font.
        for (String lookAlike : List.of("\uFF22", "\u0412", "\u0421", "\u212A", "\u0131")) {
            assertThat(ProductKey.tryParse(lookAlike + KEY.substring(1))).as(lookAlike).isEmpty();
        }
    }

    /** Five groups of five, the way keys are printed. */
    private static String group(String chars) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < chars.length(); i++) {
            if (i > 0 && i % 5 == 0) {
                s.append('-');
            }
            s.append(chars.charAt(i));
        }
        return s.toString();
    }

    @Provide
    Arbitrary<Character> alphabet() {
        return Arbitraries.of(ProductKey.ALPHABET.chars().mapToObj(c -> (char) c).toList());
    }

    @Provide
    Arbitrary<Character> lookAlikes() {
        return Arbitraries.of('O', 'o', '0', 'I', 'i', '1', 'L', 'l');
    }

    @Provide
    Arbitrary<Character> nonAscii() {
        return Arbitraries.chars().range('\u0080', '\uFFFF').filter(c -> !Character.isSurrogate(c));
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
        return Arbitraries.of("", "", "", "-", " ", " - ", "--", "\t");
    }

    @Provide
    Arbitrary<Character> outsiders() {
        return Arbitraries.chars().filter(c -> ProductKey.ALPHABET.indexOf(Character.toUpperCase(c)) < 0
                && c != ' ' && c != '-' && c != '\t');
    }
}
