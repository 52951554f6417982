package io.activationworker.mail;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * One SMTP connection, opened lazily and reused for message after message: a new connection
 * per message costs a TCP and SMTP handshake (and TLS with STARTTLS) each time. Not thread-safe:
 * each worker thread owns one.
 */
public final class SmtpConnection implements AutoCloseable {

    /**
     * A connection left idle this long is checked (NOOP) before it is used again: relays close
     * idle connections, and a message must not lose a try (and wait a backoff) for that.
     */
    private static final long IDLE_CHECK_NANOS = 1_000_000_000L;

    private final Session session;
    private final SmtpSettings settings;
    private final RelayThrottle throttle;
    private Transport transport;
    /** The transport being connected, kept so that a refused greeting's reply can be read. */
    private Transport connecting;
    private long lastUsed;

    public SmtpConnection(Session session, SmtpSettings settings) {
        this(session, settings, RelayThrottle.unlimited(1));
    }

    /** A connection that reports its opening and closing to the process's {@link RelayThrottle}. */
    public SmtpConnection(Session session, SmtpSettings settings, RelayThrottle throttle) {
        this.session = session;
        this.settings = settings;
        this.throttle = throttle;
    }

    public boolean isOpen() {
        return transport != null;
    }

    public void send(MimeMessage message) throws SmtpFailure {
        send(message, null);
    }

    /**
     * Sends {@code message}, running {@code beforeAcceptance} (if not null) before the relay can
     * accept it: just before the end of data when pipelining, else before the first command. What
     * {@code beforeAcceptance} throws is thrown as it is, the message unsent and the connection
     * closed (the relay may hold its text without the end of data).
     */
    public void send(MimeMessage message, Runnable beforeAcceptance) throws SmtpFailure {
        try {
            connectIfNeeded();
            Address[] recipients = message.getAllRecipients();
            if (transport instanceof PipeliningSmtpTransport pipelining) {
                pipelining.sendMessage(message, recipients, beforeAcceptance == null ? null
                        : () -> runBeforeAcceptance(beforeAcceptance));
            } else {
                if (beforeAcceptance != null) {
                    runBeforeAcceptance(beforeAcceptance);
                }
                transport.sendMessage(message, recipients);
            }
            lastUsed = System.nanoTime();
        } catch (BeforeAcceptanceFailed e) {
            close();
            throw e.getCause();
        } catch (SMTPSendFailedException e) {
            throw failure(e, e.getReturnCode(), e.getMessage());
        } catch (SendFailedException e) {
            if (e.getNextException() instanceof SMTPAddressFailedException a) {
                throw failure(e, a.getReturnCode(), a.getMessage());
            }
            throw failure(e, -1, null);
        } catch (MessagingException e) {
            Transport current = connecting != null ? connecting : transport;
            int code = current instanceof SMTPTransport t ? t.getLastReturnCode() : -1;
            String reply = current instanceof SMTPTransport t ? t.getLastServerResponse() : null;
            // A failure outside an SMTP reply (refused, reset, timeout) leaves no usable connection.
            boolean below = e.getCause() instanceof java.io.IOException;
            throw failure(e, below ? -1 : code, below ? null : reply);
        } catch (IllegalStateException e) {
            throw failure(new MessagingException(e.getMessage(), e), -1, null);
        } finally {
            connecting = null;
        }
    }

    private static void runBeforeAcceptance(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            throw new BeforeAcceptanceFailed(e);
        }
    }

    /** Carries the caller's own exception through Jakarta Mail, told apart from Jakarta Mail's. */
    private static final class BeforeAcceptanceFailed extends RuntimeException {

        private static final long serialVersionUID = 1L;

        BeforeAcceptanceFailed(RuntimeException cause) {
            super(cause);
        }

        @Override
        public synchronized RuntimeException getCause() {
            return (RuntimeException) super.getCause();
        }
    }

    private void connectIfNeeded() throws MessagingException {
        if (transport != null && System.nanoTime() - lastUsed > IDLE_CHECK_NANOS && !transport.isConnected()) {
            close(); // closed by the relay while idle: open a new one, nothing failed
        }
        if (transport == null) {
            Transport t = session.getTransport("smtp");
            connecting = t;
            if (settings.user().isEmpty()) {
                t.connect();
            } else {
                t.connect(settings.host(), settings.port(), settings.user(), settings.password());
            }
            connecting = null;
            transport = t;
            throttle.opened();
            lastUsed = System.nanoTime();
        }
    }

    private SmtpFailure failure(MessagingException e, int code, String reply) {
        boolean permanent = code >= 500 && code < 600;
        SmtpFailure.Throttling throttling = SmtpReplies.throttling(code, reply, connecting != null);
        // After anything but a refused recipient the session state is uncertain: start afresh.
        // A refusal of a pipelined command leaves the relay mid-transaction, perhaps expecting text.
        boolean connectionLost = !(permanent && e instanceof SendFailedException)
                || e instanceof PipeliningSmtpTransport.Refused;
        if (connectionLost) {
            close();
        }
        String reason = reason(e, code, reply);
        return new SmtpFailure(reason, code, permanent, connectionLost, throttling, e);
    }

    /**
     * The relay's reply as it wrote it, once ({@code 451 4.3.0 try later}, {@code 550 5.1.1 no
     * such user}): it is what an operator searches for. Without a reply (refused, reset, timeout):
     * the code, if any, and what Jakarta Mail says.
     */
    static String reason(Throwable e, int code, String reply) {
        String relay = reply == null ? "" : reply.lines().map(String::trim).filter(l -> !l.isEmpty()).findFirst().orElse("");
        if (!relay.isEmpty() && (code <= 0 || relay.startsWith(Integer.toString(code)))) {
            return relay;
        }
        String text = firstLine(e);
        return code > 0 && !text.startsWith(Integer.toString(code)) ? code + " " + text : text;
    }

    private static String firstLine(Throwable e) {
        Throwable t = e;
        String msg = null;
        while (t != null && msg == null) {
            msg = t.getMessage();
            t = t.getCause();
        }
        return msg == null ? e.getClass().getSimpleName() : msg.lines().findFirst().orElse("").trim();
    }

    @Override
    public void close() {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException ignored) {
                // The connection is being discarded; a failed QUIT changes nothing.
            }
            transport = null;
            throttle.closed();
        }
    }
}
