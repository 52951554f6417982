package io.activationworker.mail;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.UnsupportedEncodingException;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Puts a rendered mail into a MIME message for one recipient: fixed Message-ID and Date,
 * {@code multipart/alternative} with the text part first (clients show the last part they can).
 * Names and addresses come from partner feeds, so anything that could break a header is refused.
 */
public final class MailComposer {

    private static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

    static {
        // Jakarta Mail 2.1 looks its StreamProvider up with a ServiceLoader scan of the class path on
        // every body part it creates or writes (jakartaee/mail-api#699, #861); naming the provider
        // makes that a plain class lookup. In the fat jar the scan was 13% of the worker's CPU.
        if (System.getProperty(STREAM_PROVIDER) == null) {
            System.setProperty(STREAM_PROVIDER, "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

    private static final String UTF_8 = "UTF-8";
    // Exactly one "<left@right>" with no whitespace or angle brackets inside: one header, one id.
    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>@\\s]+@[^<>@\\s]+>");
    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?");

    private final Session session;
    private final InternetAddress from;

    public MailComposer(Session session, String from) {
        this.session = session;
        this.from = parseFrom(from);
    }

    public MimeMessage compose(String messageId, String recipientEmail, String recipientName,
                               RenderedMail mail, Instant date) {
        if (messageId == null || !MESSAGE_ID.matcher(messageId).matches()) {
            throw new IllegalArgumentException("Message-ID must look like <id@domain>: " + messageId);
        }
        InternetAddress to = recipient(recipientEmail, recipientName);
        try {
            MimeMessage message = new FixedIdMimeMessage(session, messageId);
            message.setFrom(from);
            message.setRecipient(Message.RecipientType.TO, to);
            message.setSubject(mail.subject(), UTF_8);
            message.setSentDate(Date.from(date));
            // RFC 3834: tells auto-responders (out-of-office) not to answer a machine.
            message.setHeader("Auto-Submitted", "auto-generated");
            message.setContent(alternative(mail));
            message.saveChanges();
            return message;
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot build MIME message " + messageId, e);
        }
    }

    /** {@code <uuid@domain-of-from>}: the domain ties the id to us, the UUID makes it unique. */
    public static String newMessageId(String fromAddress, UUID id) {
        return "<" + id + "@" + domainOf(fromAddress) + ">";
    }

    private static String domainOf(String fromAddress) {
        if (fromAddress == null) {
            return "localhost";
        }
        try {
            String address = new InternetAddress(fromAddress, false).getAddress();
            String domain = address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
            return address.contains("@") && DOMAIN.matcher(domain).matches() ? domain : "localhost";
        } catch (AddressException e) {
            return "localhost"; // a usable id beats none; mail.from itself is validated elsewhere
        }
    }

    private static MimeMultipart alternative(RenderedMail mail) throws MessagingException {
        MimeMultipart body = new MimeMultipart("alternative");
        body.addBodyPart(textPart(mail.text(), "plain"));
        body.addBodyPart(textPart(mail.html(), "html"));
        return body;
    }

    private static MimeBodyPart textPart(String content, String subtype) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setText(content, UTF_8, subtype);
        // Chosen here from the String: left unset, saveChanges finds it by encoding the whole
        // part through a counting stream, which was a tenth of the worker's time per message.
        part.setHeader("Content-Transfer-Encoding", transferEncoding(content));
        return part;
    }

    /**
     * The transfer encoding Jakarta Mail would choose for this text in UTF-8: 7bit when every byte
     * is ASCII (controls other than tab, CR and LF count as not) and no line passes 998 bytes,
     * quoted-printable when ASCII bytes are the majority, base64 otherwise.
     */
    static String transferEncoding(String text) {
        long ascii = 0;
        long other = 0;
        int lineLength = 0;
        boolean longLine = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                lineLength = 0;
                ascii++;
                continue;
            }
            int bytes = c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isHighSurrogate(c) ? 4 : Character.isLowSurrogate(c) ? 0 : 3;
            lineLength += bytes;
            longLine |= lineLength > 998;
            if (c >= 0x7F || c < 0x20 && c != '\t') {
                other += bytes;
            } else {
                ascii++;
            }
        }
        if (other == 0) {
            return longLine ? "quoted-printable" : "7bit";
        }
        return ascii > other ? "quoted-printable" : "base64";
    }

    private static InternetAddress recipient(String email, String name) {
        if (email == null || hasControlCharacter(email)) {
            throw new IllegalArgumentException("recipient address is missing or contains a control character");
        }
        if (name != null && hasControlCharacter(name)) {
            throw new IllegalArgumentException("recipient name contains a control character: " + email);
        }
        InternetAddress parsed = single(email, "recipient");
        if (parsed.getPersonal() != null || !parsed.getAddress().equals(email.trim())) {
            throw new IllegalArgumentException("recipient must be a bare address: " + email);
        }
        try {
            return name == null || name.isBlank()
                    ? parsed
                    : new InternetAddress(parsed.getAddress(), name.strip(), UTF_8);
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
    }

    private static InternetAddress parseFrom(String from) {
        if (from == null || hasControlCharacter(from)) {
            throw new IllegalArgumentException("mail.from is missing or contains a control character");
        }
        return single(from, "mail.from");
    }

    /** Strict parse of exactly one address; "a@x, b@y" would otherwise add a second recipient. */
    private static InternetAddress single(String address, String what) {
        try {
            InternetAddress[] all = InternetAddress.parse(address, true);
            if (all.length != 1) {
                throw new IllegalArgumentException(what + " must be exactly one address: " + address);
            }
            all[0].validate();
            return all[0];
        } catch (AddressException e) {
            throw new IllegalArgumentException(what + " is not a valid address: " + address, e);
        }
    }

    /** CR and LF would start a new header; NUL and other controls have no place in a header either. */
    private static boolean hasControlCharacter(String value) {
        return value.chars().anyMatch(Character::isISOControl);
    }
}
