package io.activationworker.mail;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Jakarta Mail's SMTP transport with command pipelining (RFC 2920) for relays that offer it:
 * MAIL FROM, RCPT TO and DATA go out without waiting, and their three replies are read together
 * before the message text. Jakarta Mail waits for each reply, so a message costs four round
 * trips; pipelined it costs two. Against a relay across a network that halves the time a
 * connection spends per message; against a local one it halves the waits (a context switch
 * each) that were a quarter of the worker's CPU (bench/NOTES.md §24).
 *
 * <p>Jakarta Mail offers {@link #sendCommand} and {@link #readServerResponse} to subclasses. For
 * MAIL FROM and RCPT TO the first only sends, and the reply Jakarta Mail then asks for is taken as
 * 250; the real replies are read, in order, when Jakarta Mail asks for the reply to DATA. If one
 * of them refused its command, that refusal is thrown ({@link Refused}, with its own code: a 450
 * for the recipient stays a temporary failure even though the relay then refuses DATA too), and
 * the connection is not used again: the relay may be waiting for message text or still hold the
 * half-built transaction.
 *
 * <p>Only messages with one recipient are pipelined (every message here has one), so a refused
 * recipient is the whole message's refusal, as without pipelining. {@link SmtpSettings} registers
 * this class as the session's SMTP transport unless {@code smtp.pipelining=false}.
 *
 * <p>{@link #sendMessage(Message, Address[], Runnable)} runs a step of the caller's just before
 * the end of data (the "." the relay accepts the message on): the worker waits there for the
 * previous message's acknowledgement, which so runs while this message's commands and text are
 * on their way, and still a crash leaves at most one accepted message per connection unrecorded.
 */
public final class PipeliningSmtpTransport extends SMTPTransport {

    /** MAIL FROM and RCPT TO sent for the current message whose replies are not read yet. */
    private final List<String> unanswered = new ArrayList<>(2);
    private boolean pipelining;
    private boolean replyLater;
    /** Run before the current message's end of data; null when there is nothing to run. */
    private Runnable beforeEndOfData;

    public PipeliningSmtpTransport(Session session, URLName urlName) {
        super(session, urlName);
    }

    /** A command sent ahead was refused; the connection must not carry another message. */
    public static final class Refused extends SMTPSendFailedException {

        private static final long serialVersionUID = 1L;

        Refused(String command, int code, String reply) {
            super(command, code, reply, null, null, null, null);
        }
    }

    @Override
    public synchronized void sendMessage(Message message, Address[] addresses) throws MessagingException {
        sendMessage(message, addresses, null);
    }

    /**
     * Sends as {@link #sendMessage(Message, Address[])}, running {@code beforeEndOfData} once the
     * text is written and before the end of data that lets the relay accept it. What it throws
     * leaves the relay mid-message: the caller must not use this connection again.
     */
    public synchronized void sendMessage(Message message, Address[] addresses, Runnable beforeEndOfData)
            throws MessagingException {
        pipelining = addresses != null && addresses.length == 1 && supportsExtension("PIPELINING");
        this.beforeEndOfData = beforeEndOfData;
        try {
            super.sendMessage(message, addresses);
        } finally {
            pipelining = false;
            replyLater = false;
            unanswered.clear();
            this.beforeEndOfData = null;
        }
    }

    @Override
    protected void finishData() throws java.io.IOException, MessagingException {
        Runnable step = beforeEndOfData;
        beforeEndOfData = null;
        if (step != null) {
            step.run();
        }
        super.finishData();
    }

    @Override
    protected void sendCommand(String command) throws MessagingException {
        super.sendCommand(command);
        if (pipelining && (command.startsWith("MAIL FROM:") || command.startsWith("RCPT TO:"))) {
            unanswered.add(command);
            replyLater = true;
        }
    }

    @Override
    protected int readServerResponse() throws MessagingException {
        if (replyLater) {
            replyLater = false;
            return 250; // read with the reply to DATA
        }
        if (unanswered.isEmpty()) {
            return super.readServerResponse();
        }
        Refused refused = null;
        for (String command : unanswered) {
            int code = super.readServerResponse();
            if (refused == null && code != 250 && code != 251) {
                refused = new Refused(command, code, getLastServerResponse());
            }
        }
        unanswered.clear();
        int dataReply = super.readServerResponse();
        if (refused != null) {
            throw refused;
        }
        return dataReply;
    }
}
