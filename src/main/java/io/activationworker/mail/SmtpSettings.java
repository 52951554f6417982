package io.activationworker.mail;

import jakarta.mail.NoSuchProviderException;
import jakarta.mail.Provider;
import jakarta.mail.Session;
import java.util.Properties;

/**
 * Where and how to reach the SMTP relay; builds the Jakarta Mail session once. With
 * {@code pipelining} the session's SMTP transport pipelines commands when the relay offers it
 * ({@link PipeliningSmtpTransport}); without, it is Jakarta Mail's own.
 */
public record SmtpSettings(String host, int port, String user, String password, boolean starttls,
                           boolean pipelining) {

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
        // An instance, not a class name: Jakarta Mail takes it from the properties as it is.
        p.put("mail.smtp.socketFactory", new NoDelaySocketFactory());
        if (starttls) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        if (!user.isEmpty()) {
            p.put("mail.smtp.auth", "true");
        }
        Session session = Session.getInstance(p);
        if (pipelining) {
            try {
                session.setProvider(new Provider(Provider.Type.TRANSPORT, "smtp",
                        PipeliningSmtpTransport.class.getName(), "activation-worker", "1"));
            } catch (NoSuchProviderException e) {
                throw new IllegalStateException("the pipelining SMTP transport cannot be registered", e);
            }
        }
        return session;
    }

    /** Without the password: settings end up in logs and exception messages. */
    @Override
    public String toString() {
        return "SmtpSettings[host=" + host + ", port=" + port + ", user=" + user
                + ", password=" + (password.isEmpty() ? "(empty)" : "****") + ", starttls=" + starttls
                + ", pipelining=" + pipelining + "]";
    }
}
