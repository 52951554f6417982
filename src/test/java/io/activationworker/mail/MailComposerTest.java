package io.activationworker.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MailComposerTest {

    private static final String ID = "<3f1c2a9e-7b7d-4c55-9d43-2b0f1f7f6a10@example.com>";
    private static final RenderedMail MAIL = new RenderedMail("Activeer uw abonnement", "tekst één", "<p>één</p>");
    private static final Instant DATE = Instant.parse("2026-11-25T14:05:00Z");

    private final MailComposer composer =
            new MailComposer(Session.getInstance(new Properties()), "Licence activation <activation@example.com>");

    @ParameterizedTest
    @ValueSource(strings = {"Hello Anna,\r\nyour link is ready.", "Beste Anna, uw licenties zijn geactiveerd – één klik.",
            "ÄÖÜ ßéè ëïü", "€€€ ✓✓✓ 😀😀 ab", "tab\there and a bell \u0007", ""})
    void the_transfer_encoding_is_the_one_jakarta_mail_would_choose(String text) throws Exception {
        jakarta.mail.internet.MimeBodyPart part = new jakarta.mail.internet.MimeBodyPart();
        part.setText(text, "UTF-8", "plain");
        assertThat(BodyEncoding.of(text).headerValue())
                .isEqualTo(jakarta.mail.internet.MimeUtility.getEncoding(part.getDataHandler()));
    }

    @Test
    void a_line_longer_than_smtp_allows_is_never_sent_as_7bit() throws Exception {
        String text = "x".repeat(999);
        jakarta.mail.internet.MimeBodyPart part = new jakarta.mail.internet.MimeBodyPart();
        part.setText(text, "UTF-8", "plain");
        assertThat(BodyEncoding.of(text).headerValue()).isEqualTo("quoted-printable")
                .isEqualTo(jakarta.mail.internet.MimeUtility.getEncoding(part.getDataHandler()));
    }

    @Test
    void the_message_id_survives_saving_changes_again() throws Exception {
        MimeMessage message = composer.compose(ID, "anna@fabrikam.example", "Anna", MAIL, DATE);
        message.saveChanges();
        message.saveChanges();

        assertThat(message.getMessageID()).isEqualTo(ID);
        assertThat(message.getHeader("Message-ID")).containsExactly(ID);
    }

    @Test
    void the_headers_appear_once_each() throws Exception {
        String raw = raw(composer.compose(ID, "anna@fabrikam.example", "Anna de Vriés", MAIL, DATE));

        assertThat(raw).containsOnlyOnce("\r\nTo: ").containsOnlyOnce("\r\nFrom: ")
                .containsOnlyOnce("Subject: ").containsOnlyOnce("Message-ID: " + ID)
                .contains("Auto-Submitted: auto-generated", "MIME-Version: 1.0", "multipart/alternative")
                .doesNotContain("Vriés"); // the name travels encoded, never as raw 8-bit header text
    }

    @ParameterizedTest
    @ValueSource(strings = {"Anna\r\nBcc: evil@x.example", "Anna\nBcc: evil@x.example", "Anna\rX", "Anna\0"})
    void a_recipient_name_that_could_break_a_header_is_refused(String name) {
        assertThatThrownBy(() -> composer.compose(ID, "anna@fabrikam.example", name, MAIL, DATE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"anna@fabrikam.example\r\nBcc: evil@x.example", "anna@fabrikam.example\n",
        "anna@fabrikam.example, evil@x.example", "Evil <evil@x.example>", "not an address", ""})
    void a_recipient_address_that_is_not_exactly_one_bare_address_is_refused(String email) {
        assertThatThrownBy(() -> composer.compose(ID, email, null, MAIL, DATE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"3f1c@example.com", "<a@b>\r\nBcc: evil@x.example", "<a b@c>", "<>"})
    void a_malformed_message_id_is_refused(String messageId) {
        assertThatThrownBy(() -> composer.compose(messageId, "anna@fabrikam.example", null, MAIL, DATE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_subject_with_a_line_break_cannot_even_be_built() {
        assertThatThrownBy(() -> new RenderedMail("Hi\r\nBcc: evil@x.example", "t", "h"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_from_address_with_a_line_break_is_refused() {
        assertThatThrownBy(() -> new MailComposer(Session.getInstance(new Properties()), "a@example.com\r\nBcc: b@x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_new_message_id_takes_the_domain_of_the_from_address() {
        UUID id = UUID.fromString("3f1c2a9e-7b7d-4c55-9d43-2b0f1f7f6a10");

        assertThat(MailComposer.newMessageId("Licence activation <activation@Example.COM>", id))
                .isEqualTo("<3f1c2a9e-7b7d-4c55-9d43-2b0f1f7f6a10@example.com>");
        assertThat(MailComposer.newMessageId("activation@mail.example.org", id))
                .isEqualTo("<3f1c2a9e-7b7d-4c55-9d43-2b0f1f7f6a10@mail.example.org>");
    }

    @Test
    void a_new_message_id_falls_back_to_localhost_without_a_usable_domain() {
        UUID id = UUID.randomUUID();

        assertThat(MailComposer.newMessageId("", id)).isEqualTo("<" + id + "@localhost>");
        assertThat(MailComposer.newMessageId(null, id)).isEqualTo("<" + id + "@localhost>");
        assertThat(MailComposer.newMessageId("activation", id)).isEqualTo("<" + id + "@localhost>");
        assertThat(MailComposer.newMessageId("<<broken", id)).isEqualTo("<" + id + "@localhost>");
    }

    private static String raw(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
