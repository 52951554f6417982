package io.activationworker.mail;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.util.List;

/**
 * A message composed as header lines and the encoded body bytes that go on the wire: what
 * Jakarta Mail would hold after parsing those bytes, built without parsing. Sending writes the
 * lines and the bytes as they are; reading it (subject, parts, text) decodes them like any
 * received message.
 *
 * <p>The Message-ID is the outbox's: Jakarta Mail replaces it on every {@code saveChanges()}
 * (which {@code Transport.send} calls), and a retry must carry the same id. While nothing has been
 * changed, {@code saveChanges()} also leaves the prepared bytes alone instead of decoding and
 * re-encoding every part.
 */
final class PreparedMessage extends MimeMessage {

    private final String messageId;
    private boolean changed;

    PreparedMessage(Session session, String messageId, List<String> headerLines, byte[] body) {
        super(session);
        this.messageId = messageId;
        for (String line : headerLines) {
            headers.addHeaderLine(line);
        }
        content = body;
        modified = false;
        saved = true;
    }

    @Override
    public void saveChanges() throws MessagingException {
        if (changed) {
            super.saveChanges();
        }
    }

    @Override
    protected void updateMessageID() throws MessagingException {
        setHeader("Message-ID", messageId);
    }

    @Override
    public void setHeader(String name, String value) throws MessagingException {
        changed = true;
        super.setHeader(name, value);
    }

    @Override
    public void addHeader(String name, String value) throws MessagingException {
        changed = true;
        super.addHeader(name, value);
    }

    @Override
    public void addHeaderLine(String line) throws MessagingException {
        changed = true;
        super.addHeaderLine(line);
    }

    @Override
    public void removeHeader(String name) throws MessagingException {
        changed = true;
        super.removeHeader(name);
    }

    @Override
    public void setDataHandler(DataHandler dh) throws MessagingException {
        changed = true;
        super.setDataHandler(dh);
    }
}
