package io.activationworker.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import java.io.IOException;
import java.util.Optional;

/** Finds a part of a received message by type, the way a mail client picks what to show. */
public final class MimeParts {

    private MimeParts() {
    }

    public static Optional<String> find(Part part, String type) {
        try {
            if (part.isMimeType(type)) {
                return Optional.of(part.getContent().toString());
            }
            if (part.getContent() instanceof Multipart multi) {
                for (int i = 0; i < multi.getCount(); i++) {
                    Optional<String> found = find(multi.getBodyPart(i), type);
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
            return Optional.empty();
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("a received message cannot be read", e);
        }
    }
}
