package io.activationworker.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.activationworker.testing.RelayExtension;
import jakarta.mail.Message;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sends composed messages through a real SMTP server and reads back what it received. */
class MailComposerIT {

    private static final String FROM = "Licence activation <activation@example.com>";
    private static final Instant DATE = Instant.parse("2026-11-25T14:05:00Z");

    @RegisterExtension
    static final RelayExtension relay = new RelayExtension();
    private static MailComposer composer;
    private static RenderedMail mail;

    @BeforeAll
    static void startSmtp() {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", Integer.toString(relay.port()));
        composer = new MailComposer(Session.getInstance(props), FROM);
        mail = new MailRenderer(Path.of("templates"))
                .render(MessageKind.ACTIVATION_LINK, "nl", MailModels.forKind(MessageKind.ACTIVATION_LINK));
    }

    @BeforeEach
    void emptyMailbox() throws Exception {
        relay.greenMail().purgeEmailFromAllMailboxes();
    }

    @Test
    void the_received_message_is_multipart_alternative_with_utf8_text_then_html() throws Exception {
        Transport.send(composer.compose(newId(), "anna@fabrikam.example", "Anna de Vries", mail, DATE));

        MimeMessage received = onlyReceived();
        assertThat(received.getContentType()).startsWith("multipart/alternative");
        MimeMultipart parts = (MimeMultipart) received.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        Part text = parts.getBodyPart(0);
        Part html = parts.getBodyPart(1);
        assertThat(text.isMimeType("text/plain")).isTrue();
        assertThat(text.getContentType()).containsIgnoringCase("charset=UTF-8");
        assertThat(html.isMimeType("text/html")).isTrue();
        assertThat(html.getContentType()).containsIgnoringCase("charset=UTF-8");
        // SMTP carries lines ending in CRLF; the words must arrive unchanged.
        assertThat(lf((String) text.getContent())).contains("één keer", MailModels.LINK).isEqualTo(mail.text());
        assertThat(lf((String) html.getContent())).isEqualTo(mail.html());
        assertThat(received.getSubject()).isEqualTo(mail.subject());
    }

    @Test
    void the_received_message_carries_the_headers_we_set() throws Exception {
        String id = newId();
        Transport.send(composer.compose(id, "anna@fabrikam.example", "Anna de Vries", mail, DATE));

        MimeMessage received = onlyReceived();
        assertThat(received.getMessageID()).isEqualTo(id);
        assertThat(received.getSentDate()).isEqualTo(Date.from(DATE));
        InternetAddress from = (InternetAddress) received.getFrom()[0];
        assertThat(from.getAddress()).isEqualTo("activation@example.com");
        assertThat(from.getPersonal()).isEqualTo("Licence activation");
        assertThat(received.getRecipients(Message.RecipientType.TO)).extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly("anna@fabrikam.example");
        assertThat(received.getHeader("Auto-Submitted")).containsExactly("auto-generated");
        assertThat(received.getHeader("MIME-Version")).containsExactly("1.0");
    }

    @Test
    void a_resent_message_keeps_its_message_id() throws Exception {
        String id = newId();
        MimeMessage first = composer.compose(id, "anna@fabrikam.example", "Anna de Vries", mail, DATE);
        Transport.send(first);
        Transport.send(first);
        Transport.send(composer.compose(id, "anna@fabrikam.example", "Anna de Vries", mail, DATE));

        MimeMessage[] received = relay.greenMail().getReceivedMessages();
        assertThat(received).hasSize(3);
        for (MimeMessage m : received) {
            assertThat(m.getMessageID()).isEqualTo(id);
        }
    }

    @Test
    void a_non_ascii_recipient_name_round_trips() throws Exception {
        Transport.send(composer.compose(newId(), "anna@fabrikam.example", "Anna de Vriés", mail, DATE));

        MimeMessage received = onlyReceived();
        InternetAddress to = (InternetAddress) received.getRecipients(Message.RecipientType.TO)[0];
        assertThat(to.getPersonal()).isEqualTo("Anna de Vriés");
        assertThat(received.getHeader("To", null)).contains("=?UTF-8?");
    }

    @Test
    void a_recipient_name_that_tries_to_add_a_bcc_is_refused_and_nothing_is_sent() throws Exception {
        assertThatThrownBy(() -> Transport.send(composer.compose(newId(), "anna@fabrikam.example",
                "Anna\r\nBcc: evil@x.example", mail, DATE)))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(relay.greenMail().getReceivedMessages()).isEmpty();
    }

    private static String newId() {
        return MailComposer.newMessageId(FROM, UUID.randomUUID());
    }

    private static String lf(String content) {
        return content.replace("\r\n", "\n");
    }

    private static MimeMessage onlyReceived() {
        MimeMessage[] received = relay.greenMail().getReceivedMessages();
        assertThat(received).hasSize(1);
        return received[0];
    }
}
