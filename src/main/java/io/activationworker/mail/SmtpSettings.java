package io.activationworker.mail;

import jakarta.mail.Session;
import java.util.Properties;

/** Where and how to reach the SMTP relay; builds the Jakarta Mail session once. */
public record SmtpSettings(String host, int port, String user, String password, boolean starttls) {

    public Session session() {
        Properties p = new Properties();
        p.put("mail.smtp.host", host);
        p.put("mail.smtp.port", Integer.toString(port));
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "30000");
        // Parts go out as composed (quoted-printable where needed). Converting them to 8bit on
        // send costs a helper thread and a second saveChanges per message in Jakarta Mail.
        p.put("mail.smtp.allow8bitmime", "false");
        p.put("mail.smtp.quitwait", "false");
        if (starttls) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        if (!user.isEmpty()) {
            p.put("mail.smtp.auth", "true");
        }
        return Session.getInstance(p);
    }
}
