package io.activationworker.feed;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FeedTextTest {

    @Test
    void quoting_a_product_key_shows_only_its_last_five() {
        assertThat(FeedText.quote("BCDFG-HJKMP-QRTVW-XY234-6789B")).isEqualTo("'…6789B'");
    }

    @Test
    void quoting_escapes_control_characters_and_shortens_long_text() {
        assertThat(FeedText.quote("a\r\nb")).isEqualTo("'a\\u000D\\u000Ab'");
        assertThat(FeedText.quote("x".repeat(100))).isEqualTo("'" + "x".repeat(60) + "…'");
    }

    @Test
    void line_breaks_and_controls_are_unsafe_but_accents_are_fine() {
        assertThat(FeedText.unsafeCharacter("Anna\u2028de Vries")).contains("contains a line break");
        assertThat(FeedText.unsafeCharacter("Anna\tde Vries")).contains("contains a control character (U+0009)");
        assertThat(FeedText.unsafeCharacter("Zoë Ångström 😀")).isEmpty();
    }

    @Test
    void sizes_read_the_way_an_operator_expects() {
        assertThat(FeedText.size(50L * 1024 * 1024)).isEqualTo("50.0 MB");
        assertThat(FeedText.size(32L * 1024 * 1024)).isEqualTo("32.0 MB");
        assertThat(FeedText.size(1536)).isEqualTo("1.5 KB");
        assertThat(FeedText.size(100)).isEqualTo("100 bytes");
    }
}
