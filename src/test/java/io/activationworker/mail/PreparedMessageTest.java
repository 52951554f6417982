package io.activationworker.mail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Message;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The message bytes MailComposer writes itself, read back the way a recipient's client reads
 * them: parsed by Jakarta Mail from the raw bytes, headers and parts decoded.
 */
class PreparedMessageTest {

    private static final String ID = "<3f1c2a9e-7b7d-4c55-9d43-2b0f1f7f6a10@example.com>";
    private static final Instant DATE = Instant.parse("2026-11-05T09:05:07Z");
    private static final Session SESSION = Session.getInstance(new Properties());
    private static final MailComposer COMPOSER = new MailComposer(SESSION, "Licence activation <activation@example.com>");

    @ParameterizedTest
    @ValueSource(strings = {"en", "nl"})
    void a_rendered_activation_mail_reads_back_as_rendered(String language) throws Exception {
        RenderedMail mail = new MailRenderer(Path.of("templates"))
                .render(MessageKind.ACTIVATION_LINK, language, MailModels.forKind(MessageKind.ACTIVATION_LINK));

        MimeMessage received = received(mail, "Anna de Vries");

        assertThat(received.getSubject()).isEqualTo(mail.subject());
        assertThat(text(received, 0, "text/plain")).isEqualTo(crlf(mail.text()));
        assertThat(text(received, 1, "text/html")).isEqualTo(crlf(mail.html()));
    }

    @Test
    void the_headers_read_back_as_composed() throws Exception {
        MimeMessage received = received(new RenderedMail("Subject", "text", "<p>html</p>"), "Anna de Vries");

        assertThat(received.getMessageID()).isEqualTo(ID);
        assertThat(received.getSentDate()).isEqualTo(Date.from(DATE));
        InternetAddress from = (InternetAddress) received.getFrom()[0];
        assertThat(from.getAddress()).isEqualTo("activation@example.com");
        assertThat(from.getPersonal()).isEqualTo("Licence activation");
        InternetAddress to = (InternetAddress) received.getRecipients(Message.RecipientType.TO)[0];
        assertThat(to.getAddress()).isEqualTo("anna@fabrikam.example");
        assertThat(to.getPersonal()).isEqualTo("Anna de Vries");
        assertThat(received.getHeader("MIME-Version")).containsExactly("1.0");
        assertThat(received.getHeader("Auto-Submitted")).containsExactly("auto-generated");
        assertThat(received.getContentType()).startsWith("multipart/alternative");
        assertThat(received.getRecipients(Message.RecipientType.CC)).isNull();
        assertThat(received.getHeader("Bcc")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Anna de Vriés", "Ĳsbrand Ōtsuka-Ünal 😀", "O'Brien, \"Mac\" (admin)",
        "Een heel erg lange naam van een beheerder die echt veel te lang is voor één enkele regel in een koptekst"})
    void a_recipient_name_reads_back_unchanged_and_travels_as_ascii(String name) throws Exception {
        MimeMessage received = received(new RenderedMail("s", "t", "h"), name);

        InternetAddress to = (InternetAddress) received.getRecipients(Message.RecipientType.TO)[0];
        assertThat(to.getPersonal()).isEqualTo(name);
        assertThat(to.getAddress()).isEqualTo("anna@fabrikam.example");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Activeer uw abonnement – één klik", "Ünïcödé 😀 subject",
        "A very long subject line that goes on and on well past the seventy-eight characters a header line should keep to",
        "Een héél lange onderwerpregel met accenten die veel langer is dan achtenzeventig tekens, zodat hij gevouwen moet worden"})
    void a_subject_reads_back_unchanged(String subject) throws Exception {
        assertThat(received(new RenderedMail(subject, "t", "h"), null).getSubject()).isEqualTo(subject);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "plain ascii\nsecond line\n",
        "één, twee – drie € and an emoji 😀\n",
        "trailing space \nand tab\t\nand = signs == and =3D\n",
        ".a line that starts with a dot\n.\nFrom the start\n",
        "crlf\r\nmixed\rline\nends\n",
        "no newline at the end",
        "--=_Part_3f1c2a9e7b7d4c559d432b0f1f7f6a10\nlooks like our boundary\n",
        "😀😀😀😀😀😀😀😀😀😀😀😀 mostly not ascii ééééééééééé",
        "\u0007bell and \u0000nul controls\n",
        ""})
    void a_text_reads_back_unchanged(String text) throws Exception {
        MimeMessage received = received(new RenderedMail("s", text, "<p>" + text + "</p>"), null);

        assertThat(text(received, 0, "text/plain")).isEqualTo(crlf(text));
        assertThat(text(received, 1, "text/html")).isEqualTo(crlf("<p>" + text + "</p>"));
    }

    @ParameterizedTest
    @ValueSource(ints = {75, 76, 77, 200, 998, 999, 5000})
    void long_lines_read_back_unchanged_and_no_line_on_the_wire_is_longer_than_76(int length) throws Exception {
        String text = ("x".repeat(length - 1) + "é\n") + ("y ".repeat(length / 2) + "\n") + "=".repeat(length);
        RenderedMail mail = new RenderedMail("s", text, text);

        MimeMessage received = received(mail, "Anna");

        assertThat(text(received, 0, "text/plain")).isEqualTo(crlf(text));
        String raw = raw(COMPOSER.compose(ID, "anna@fabrikam.example", "Anna", mail, DATE));
        assertThat(raw.split("\r\n", -1)).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(78));
    }

    @ParameterizedTest
    @EnumSource(MessageKind.class)
    void every_message_in_every_language_is_ascii_on_the_wire_with_crlf_line_ends(MessageKind kind) throws Exception {
        for (String language : new String[] {"en", "nl"}) {
            RenderedMail mail = new MailRenderer(Path.of("templates")).render(kind, language, MailModels.forKind(kind));
            byte[] raw = bytes(COMPOSER.compose(ID, "anna@fabrikam.example", "Anna de Vriés", mail, DATE));

            for (int i = 0; i < raw.length; i++) {
                assertThat(raw[i]).as("byte %d", i).isBetween((byte) 1, (byte) 0x7E);
                if (raw[i] == '\n') {
                    assertThat(raw[i - 1]).as("byte before LF at %d", i).isEqualTo((byte) '\r');
                }
            }
            MimeMessage received = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
            assertThat(text(received, 0, "text/plain")).isEqualTo(crlf(mail.text()));
            assertThat(text(received, 1, "text/html")).isEqualTo(crlf(mail.html()));
        }
    }

    @Test
    void the_same_message_composed_twice_is_the_same_bytes() throws Exception {
        RenderedMail mail = new RenderedMail("s", "één", "<p>één</p>");

        assertThat(bytes(COMPOSER.compose(ID, "anna@fabrikam.example", "Anna", mail, DATE)))
                .isEqualTo(bytes(COMPOSER.compose(ID, "anna@fabrikam.example", "Anna", mail, DATE)));
    }

    @Test
    void a_changed_subject_is_written_after_saving_changes_and_the_message_id_stays() throws Exception {
        MimeMessage message = COMPOSER.compose(ID, "anna@fabrikam.example", "Anna",
                new RenderedMail("old", "één", "<p>één</p>"), DATE);
        message.setSubject("nieuw – één", "UTF-8");
        message.saveChanges();

        MimeMessage received = new MimeMessage(SESSION, new ByteArrayInputStream(bytes(message)));
        assertThat(received.getSubject()).isEqualTo("nieuw – één");
        assertThat(received.getMessageID()).isEqualTo(ID);
        assertThat(text(received, 0, "text/plain")).isEqualTo("één");
    }

    private static MimeMessage received(RenderedMail mail, String name) throws Exception {
        byte[] raw = bytes(COMPOSER.compose(ID, "anna@fabrikam.example", name, mail, DATE));
        return new MimeMessage(SESSION, new ByteArrayInputStream(raw));
    }

    private static String text(MimeMessage message, int index, String type) throws Exception {
        Part part = ((MimeMultipart) message.getContent()).getBodyPart(index);
        assertThat(part.isMimeType(type)).isTrue();
        assertThat(part.getContentType()).isEqualToIgnoringCase(type + "; charset=UTF-8");
        return (String) part.getContent();
    }

    private static byte[] bytes(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    private static String raw(MimeMessage message) throws Exception {
        return new String(bytes(message), StandardCharsets.ISO_8859_1);
    }

    /** What a recipient reads: line ends are CRLF on the wire whatever the template had. */
    private static String crlf(String text) {
        return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n");
    }
}
