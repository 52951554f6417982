package io.activationworker.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.testing.RelayExtension;
import io.activationworker.testing.SmtpFaultProxy;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A refusal's reason is the relay's reply as it wrote it, once: it becomes the log's
 * {@code reason="…"} and a failed message's {@code last_error}, shown by {@code status}.
 */
class SmtpReasonsIT {

    private static final String TO = "admin@customer.example";

    @RegisterExtension
    final RelayExtension relay = new RelayExtension();

    @ParameterizedTest(name = "pipelining {0}")
    @ValueSource(booleans = {true, false})
    void a_550_keeps_the_relays_own_text(boolean pipelining) throws Exception {
        relay.rejectRecipient(TO);
        SmtpFailure f = refusal(pipelining);
        assertThat(f.getMessage()).isEqualTo("550 5.1.1 <" + TO + ">: Recipient address rejected: User unknown");
        assertThat(f.permanent()).isTrue();
    }

    @ParameterizedTest(name = "pipelining {0}")
    @ValueSource(booleans = {true, false})
    void a_450_is_the_relays_reply_once(boolean pipelining) throws Exception {
        relay.fault(SmtpFaultProxy.Fault.RECIPIENT_450);
        SmtpFailure f = refusal(pipelining);
        assertThat(f.getMessage()).isEqualTo("450 4.2.1 <" + TO + ">: Mailbox busy, try again later");
        assertThat(f.permanent()).isFalse();
    }

    @ParameterizedTest(name = "pipelining {0}")
    @ValueSource(booleans = {true, false})
    void a_refused_connection_says_so_without_a_code(boolean pipelining) throws Exception {
        relay.fault(SmtpFaultProxy.Fault.REFUSE);
        SmtpFailure f = refusal(pipelining);
        assertThat(f.getMessage()).doesNotStartWith("-1").containsIgnoringCase("connect");
    }

    private SmtpFailure refusal(boolean pipelining) throws MessagingException {
        SmtpSettings settings = new SmtpSettings("127.0.0.1", relay.port(), "", "", false, pipelining);
        MimeMessage m = new MimeMessage(settings.session());
        m.setFrom(new InternetAddress("activation@activation.test"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(TO));
        m.setSubject("Activate");
        m.setText("Your products");
        try (SmtpConnection smtp = new SmtpConnection(settings.session(), settings)) {
            smtp.send(m);
        } catch (SmtpFailure f) {
            return f;
        }
        throw new AssertionError("the relay refused the message, but the sender reported it sent");
    }
}
