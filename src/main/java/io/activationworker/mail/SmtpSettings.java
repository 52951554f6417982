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
        // Our Message-ID and Date are fixed by the outbox; nothing may rewrite them on send.
        p.put("mail.smtp.allow8bitmime", "true");
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
