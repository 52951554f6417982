package io.activationworker.feed;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {"anna@fabrikam.example", "a.de-vries+feed@mail.fabrikam.example", "o'brien@contoso.example",
            "x@a.b"})
    void plain_addresses_are_valid(String address) {
        assertThat(EmailAddresses.isValid(address)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"anna", "anna@fabrikam", "@fabrikam.example", "anna@", "anna@@fabrikam.example",
            "an@na@fabrikam.example", "anna de vries@fabrikam.example", ".anna@fabrikam.example", "anna.@fabrikam.example",
            "an..na@fabrikam.example", "anna@fabrikam..example", "anna@-fabrikam.example", "anna@fabrikam.example.",
            "\"anna\"@fabrikam.example", "anna@[192.0.2.1]", "Anna <anna@fabrikam.example>", "anna@fabrikam.example\r\nBcc: x@y.z",
            "anna@fabrik_am.example", "anna@fàbrikam.example"})
    void anything_else_is_not(String address) {
        assertThat(EmailAddresses.isValid(address)).isFalse();
    }

    @Test
    void addresses_longer_than_254_characters_are_not_valid() {
        String domain = ("a".repeat(60) + ".").repeat(4) + "example";

        assertThat(EmailAddresses.isValid("anna@" + domain)).isFalse();
        assertThat(EmailAddresses.isValid("a".repeat(65) + "@fabrikam.example")).isFalse();
    }
}
