package io.activationworker.mail;

import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.UnsupportedEncodingException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Puts a rendered mail into a MIME message for one recipient: fixed Message-ID and Date,
 * {@code multipart/alternative} with the text part first (clients show the last part they can).
 * The header lines and the encoded body bytes are written once, here, the way Jakarta Mail's
 * MimeMultipart would write them; sending then only copies them (see {@link PreparedMessage}).
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

    // RFC 5322 date-time, in UTC like every Date header we send.
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final Session session;
    private final String fromHeader;

    public MailComposer(Session session, String from) {
        this.session = session;
        this.fromHeader = "From: " + MimeUtility.fold(6, parseFrom(from).toString());
    }

    public MimeMessage compose(String messageId, String recipientEmail, String recipientName,
                               RenderedMail mail, Instant date) {
        if (messageId == null || !MESSAGE_ID.matcher(messageId).matches()) {
            throw new IllegalArgumentException("Message-ID must look like <id@domain>: " + messageId);
        }
        InternetAddress to = recipient(recipientEmail, recipientName);
        String boundary = boundary(messageId);
        List<String> headers = List.of(
                "Date: " + DATE.format(date),
                fromHeader,
                "To: " + MimeUtility.fold(4, to.toString()),
                "Message-ID: " + messageId,
                "Subject: " + MimeUtility.fold(9, encodedSubject(mail.subject())),
                // RFC 3834: tells auto-responders (out-of-office) not to answer a machine.
                "Auto-Submitted: auto-generated",
                "MIME-Version: 1.0",
                "Content-Type: multipart/alternative;\r\n\tboundary=\"" + boundary + "\"");
        MessageBuffer body = new MessageBuffer(mail.text().length() + mail.html().length() + 1024);
        // The text part first: clients show the last part they can.
        part(body, boundary, "text/plain", mail.text());
        part(body, boundary, "text/html", mail.html());
        body.ascii("--").ascii(boundary).ascii("--").crlf();
        return new PreparedMessage(session, messageId, headers, body.toByteArray());
    }

    /** One body part of the multipart/alternative, laid out as Jakarta's MimeMultipart writes it. */
    private static void part(MessageBuffer body, String boundary, String type, String text) {
        BodyEncoding encoding = BodyEncoding.of(text);
        if (encoding == BodyEncoding.SEVEN_BIT && text.contains(boundary)) {
            encoding = BodyEncoding.QUOTED_PRINTABLE; // its output never contains "=_", which every boundary does
        }
        body.ascii("--").ascii(boundary).crlf()
                .ascii("Content-Type: ").ascii(type).ascii("; charset=UTF-8").crlf()
                .ascii("Content-Transfer-Encoding: ").ascii(encoding.headerValue()).crlf()
                .crlf();
        encoding.write(text, body);
        body.crlf();
    }

    /**
     * Fixed per message, so a resent message is the same bytes. "=_" cannot occur in
     * quoted-printable or base64 text, and a 7bit part that contains the boundary is sent
     * quoted-printable instead.
     */
    private static String boundary(String messageId) {
        StringBuilder b = new StringBuilder(48).append("=_Part_");
        for (int i = 1; i < messageId.length() - 1 && b.length() < 48; i++) {
            char c = messageId.charAt(i);
            if (c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** RFC 2047 encoded words when the subject is not plain ASCII, as {@code MimeMessage.setSubject} makes them. */
    private static String encodedSubject(String subject) {
        try {
            return MimeUtility.encodeText(subject, UTF_8, null);
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
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
