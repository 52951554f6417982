package io.activationworker.testing;

import io.activationworker.mail.MimeParts;
import jakarta.mail.internet.MimeMessage;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a received message the way a mail client does: by MIME part. */
public final class Mails {

    private Mails() {
    }

    public static String text(MimeMessage m) {
        return part(m, "text/plain").orElseThrow(() -> new AssertionError("no text/plain part"));
    }

    public static String html(MimeMessage m) {
        return part(m, "text/html").orElseThrow(() -> new AssertionError("no text/html part"));
    }

    /** The first URL in the text part that starts with the given prefix. */
    public static String link(MimeMessage m, String prefix) {
        Matcher matcher = Pattern.compile(Pattern.quote(prefix) + "[A-Za-z0-9_-]+").matcher(text(m));
        if (!matcher.find()) {
            throw new AssertionError("no link starting with " + prefix + " in:\n" + text(m));
        }
        return matcher.group();
    }

    public static String to(MimeMessage m) {
        try {
            return m.getRecipients(jakarta.mail.Message.RecipientType.TO)[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        }
    }

    private static Optional<String> part(MimeMessage m, String type) {
        return MimeParts.find(m, type);
    }
}
