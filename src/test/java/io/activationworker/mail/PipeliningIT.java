package io.activationworker.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SMTP pipelining against a relay on a real socket that holds back its replies: a relay that
 * offers PIPELINING answers MAIL FROM and RCPT TO only once DATA has arrived, so a sender that
 * waited for each reply would be noticed (the relay gives up waiting after 2 s and notes it).
 */
class PipeliningIT {

    private static final String TO = "admin@customer.example";
    /**
     * How long the relay holds its replies before it concludes the sender is waiting for them (did
     * not pipeline). A pipelining sender sends DATA at once and never meets this deadline, so it
     * costs nothing when the product is right; it is long enough that a sender slowed by a loaded
     * machine is not mistaken for one that waits, and shorter than the sender's own 30 s read timeout.
     */
    private static final int NOT_PIPELINING_AFTER_MS = 10_000;

    private Relay relay;

    @AfterEach
    void stop() throws IOException {
        relay.close();
    }

    @Test
    void with_a_relay_that_offers_pipelining_the_envelope_goes_out_without_waiting_and_the_message_is_delivered()
            throws Exception {
        relay = new Relay(true, 250);
        try (SmtpConnection smtp = connection(true)) {
            smtp.send(message("first"));
            smtp.send(message("second"));
        }
        assertThat(relay.waitedForReplies).isEmpty();
        assertThat(relay.delivered).hasSize(2);
        assertThat(relay.delivered.get(1)).contains("Subject: second");
        assertThat(relay.connections).as("one connection for both").hasSize(1);
    }

    /**
     * The worker waits for the previous message's acknowledgement in this step: it must run while
     * this message is under way (its DATA accepted) and before the relay can accept it.
     */
    @Test
    void the_step_before_acceptance_runs_after_data_and_before_the_end_of_data() throws Exception {
        relay = new Relay(true, 250);
        List<String> seen = new ArrayList<>();
        try (SmtpConnection smtp = connection(true)) {
            smtp.send(message("first"), () -> seen.add("data " + relay.dataCommands.get() + ", delivered "
                    + relay.delivered.size()));
            smtp.send(message("second"), () -> seen.add("data " + relay.dataCommands.get() + ", delivered "
                    + relay.delivered.size()));
        }
        assertThat(seen).containsExactly("data 1, delivered 0", "data 2, delivered 1");
        assertThat(relay.waitedForReplies).isEmpty();
        assertThat(relay.delivered).hasSize(2);
    }

    @Test
    void a_failing_step_before_acceptance_is_thrown_as_it_is_nothing_is_delivered_and_the_connection_is_not_reused()
            throws Exception {
        relay = new Relay(true, 250);
        IllegalStateException databaseDown = new IllegalStateException("acknowledging failed");
        try (SmtpConnection smtp = connection(true)) {
            assertThatThrownBy(() -> smtp.send(message("first"), () -> {
                throw databaseDown;
            })).isSameAs(databaseDown);
            assertThat(smtp.isOpen()).isFalse();
            smtp.send(message("second"), () -> { });
        }
        assertThat(relay.delivered).hasSize(1);
        assertThat(relay.delivered.get(0)).contains("Subject: second");
        assertThat(relay.connections).hasSize(2);
    }

    @Test
    void with_smtp_pipelining_off_the_step_before_acceptance_runs_before_the_first_command() throws Exception {
        relay = new Relay(true, 250);
        relay.answerAtOnce = true;
        List<String> seen = new ArrayList<>();
        try (SmtpConnection smtp = connection(false)) {
            smtp.send(message("plain"), () -> seen.add("data " + relay.dataCommands.get()));
        }
        assertThat(seen).containsExactly("data 0");
        assertThat(relay.delivered).hasSize(1);
    }

    @Test
    void a_recipient_refused_with_450_stays_a_temporary_failure_and_no_message_text_is_sent() throws Exception {
        relay = new Relay(true, 450);
        try (SmtpConnection smtp = connection(true)) {
            SmtpFailure f = refusal(smtp, message("busy"));
            assertThat(f.code()).isEqualTo(450);
            assertThat(f.permanent()).isFalse();
            assertThat(f.connectionLost()).isTrue();
            assertThat(f.getMessage()).contains("Mailbox busy");
        }
        assertThat(relay.waitedForReplies).isEmpty();
        assertThat(relay.delivered).isEmpty();
    }

    @Test
    void a_recipient_refused_with_550_is_permanent_and_the_next_message_goes_out_on_a_new_connection() throws Exception {
        relay = new Relay(true, 550);
        try (SmtpConnection smtp = connection(true)) {
            SmtpFailure f = refusal(smtp, message("unknown"));
            assertThat(f.code()).isEqualTo(550);
            assertThat(f.permanent()).isTrue();
            relay.rcptReply = 250;
            smtp.send(message("next"));
        }
        assertThat(relay.delivered).hasSize(1);
        assertThat(relay.connections).hasSize(2);
    }

    @Test
    void a_relay_that_does_not_offer_pipelining_gets_one_command_at_a_time() throws Exception {
        relay = new Relay(false, 250);
        try (SmtpConnection smtp = connection(true)) {
            smtp.send(message("plain"));
        }
        assertThat(relay.sentAhead).isEmpty();
        assertThat(relay.delivered).hasSize(1);
    }

    @Test
    void with_smtp_pipelining_off_commands_wait_for_their_replies_even_where_offered() throws Exception {
        relay = new Relay(true, 250);
        relay.answerAtOnce = true;
        try (SmtpConnection smtp = connection(false)) {
            smtp.send(message("plain"));
        }
        assertThat(relay.sentAhead).isEmpty();
        assertThat(relay.delivered).hasSize(1);
    }

    /** What the sender reports when the relay refuses the message. */
    private static SmtpFailure refusal(SmtpConnection smtp, MimeMessage message) {
        try {
            smtp.send(message);
        } catch (SmtpFailure f) {
            return f;
        }
        throw new AssertionError("the relay refused the message, but the sender reported it sent");
    }

    private SmtpConnection connection(boolean pipelining) {
        SmtpSettings settings = new SmtpSettings("127.0.0.1", relay.port(), "", "", false, pipelining);
        return new SmtpConnection(settings.session(), settings);
    }

    private MimeMessage message(String subject) throws MessagingException {
        SmtpSettings settings = new SmtpSettings("127.0.0.1", relay.port(), "", "", false, false);
        MimeMessage m = new MimeMessage(settings.session());
        m.setFrom(new InternetAddress("activation@bench.example"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(TO));
        m.setSubject(subject);
        m.setText("Uw producten");
        return m;
    }

    /**
     * A relay on loopback, one connection at a time. With {@code offersPipelining} it lists
     * PIPELINING and answers MAIL FROM and RCPT TO only when DATA arrives (unless
     * {@code answerAtOnce}); without, it answers each command and notes any command that arrived
     * before its reply was sent.
     */
    private static final class Relay implements AutoCloseable {

        final List<String> delivered = new CopyOnWriteArrayList<>();
        final List<String> waitedForReplies = new CopyOnWriteArrayList<>();
        final List<String> sentAhead = new CopyOnWriteArrayList<>();
        final List<Integer> connections = new CopyOnWriteArrayList<>();
        final AtomicInteger dataCommands = new AtomicInteger();
        final boolean offersPipelining;
        volatile int rcptReply;
        volatile boolean answerAtOnce;
        private final ServerSocket listener;
        private final Thread thread;

        Relay(boolean offersPipelining, int rcptReply) throws IOException {
            this.offersPipelining = offersPipelining;
            this.rcptReply = rcptReply;
            this.listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
            this.thread = new Thread(this::serve, "scripted-relay");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        private void serve() {
            while (!listener.isClosed()) {
                try (Socket s = listener.accept()) {
                    connections.add(s.getPort());
                    converse(s);
                } catch (IOException e) {
                    if (!listener.isClosed()) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }

        private void converse(Socket s) throws IOException {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            reply(out, "220 relay.example ESMTP");
            List<String> held = new ArrayList<>();
            while (true) {
                String line;
                try {
                    line = readLine(in);
                } catch (SocketTimeoutException e) {
                    // The sender is waiting for a reply held back: it did not pipeline.
                    waitedForReplies.add(String.join(", ", held));
                    for (String answer : held) {
                        reply(out, answer);
                    }
                    held.clear();
                    s.setSoTimeout(0);
                    continue;
                }
                if (line == null) {
                    return;
                }
                String command = line.toUpperCase(Locale.ROOT);
                if (command.startsWith("EHLO")) {
                    reply(out, offersPipelining ? "250-relay.example\r\n250 PIPELINING" : "250 relay.example");
                } else if (command.startsWith("MAIL FROM:") || command.startsWith("RCPT TO:")) {
                    String answer = command.startsWith("MAIL") ? "250 2.1.0 Ok"
                            : rcptReply == 250 ? "250 2.1.5 Ok"
                            : rcptReply == 450 ? "450 4.2.1 <" + TO + ">: Mailbox busy, try again later"
                            : "550 5.1.1 <" + TO + ">: Recipient address rejected: User unknown";
                    if (offersPipelining && !answerAtOnce) {
                        held.add(answer);
                        s.setSoTimeout(NOT_PIPELINING_AFTER_MS);
                        continue; // answered when DATA comes
                    }
                    // Without pipelining the sender waits for this reply: anything arriving now came early.
                    pause();
                    if (in.available() > 0) {
                        sentAhead.add("after " + command);
                    }
                    reply(out, answer);
                } else if (command.equals("DATA")) {
                    dataCommands.incrementAndGet();
                    s.setSoTimeout(0);
                    for (String answer : held) {
                        reply(out, answer);
                    }
                    boolean recipientAccepted = held.stream().noneMatch(a -> a.startsWith("4") || a.startsWith("5"));
                    held.clear();
                    if (!recipientAccepted) {
                        reply(out, "554 5.5.1 Error: no valid recipients");
                        continue;
                    }
                    reply(out, "354 End data with <CR><LF>.<CR><LF>");
                    StringBuilder text = new StringBuilder();
                    String data = readLine(in);
                    for (; data != null && !data.equals("."); data = readLine(in)) {
                        text.append(data).append('\n');
                    }
                    if (data == null) {
                        return; // cut off before the end of data: nothing was accepted
                    }
                    delivered.add(text.toString());
                    reply(out, "250 2.0.0 Ok: queued");
                } else if (command.equals("RSET") || command.equals("NOOP")) {
                    reply(out, "250 2.0.0 Ok");
                } else if (command.equals("QUIT")) {
                    reply(out, "221 2.0.0 Bye");
                    return;
                } else {
                    reply(out, "502 5.5.2 Error: command not recognized");
                }
            }
        }

        /** One line without its CRLF, or null at the end of the stream. */
        private static String readLine(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return b < 0 && line.length() == 0 ? null : line.toString();
        }

        /**
         * Time for a sender that does not wait for replies to send its next command. A window for a
         * misbehaviour that must not happen, so no event can end it: the pause is the check itself.
         */
        private static void pause() {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void reply(OutputStream out, String reply) throws IOException {
            out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
