package io.activationworker.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * A MimeMessage whose Message-ID is chosen by the outbox. Jakarta Mail replaces the Message-ID
 * on every {@code saveChanges()} (which {@code Transport.send} calls); a retry must carry the same
 * id so receivers can drop the duplicate, so the replacement is overridden.
 */
final class FixedIdMimeMessage extends MimeMessage {

    private final String messageId;

    FixedIdMimeMessage(Session session, String messageId) {
        super(session);
        this.messageId = messageId;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
        setHeader("Message-ID", messageId);
    }
}
