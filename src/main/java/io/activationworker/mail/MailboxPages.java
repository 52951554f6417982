package io.activationworker.mail;

import io.activationworker.web.HttpError;
import io.activationworker.web.PageRenderer;
import io.activationworker.web.Route;
import io.activationworker.web.WebRequest;
import io.activationworker.web.WebResponse;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * {@code /dev/mailbox}: what the embedded SMTP server received, newest first, each message
 * readable with its links clickable. Registered only when the embedded server runs.
 */
public final class MailboxPages {

    private final EmbeddedSmtp smtp;
    private final PageRenderer pages;

    public MailboxPages(EmbeddedSmtp smtp, PageRenderer pages) {
        this.smtp = smtp;
        this.pages = pages;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/dev/mailbox", this::list),
                Route.get("/dev/mailbox/(?<id>\\d{1,9})", this::show),
                Route.get("/dev/mailbox/(?<id>\\d{1,9})/html", this::html));
    }

    private WebResponse list(WebRequest request, Matcher path) {
        List<MimeMessage> received = smtp.received();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = received.size() - 1; i >= 0; i--) {
            rows.add(summary(i, received.get(i)));
        }
        return WebResponse.html(200, pages.render("mailbox", request.preferredLocale(), Map.of("messages", rows)));
    }

    private WebResponse show(WebRequest request, Matcher path) {
        int index = Integer.parseInt(path.group(1));
        MimeMessage message = message(index);
        Map<String, Object> model = new HashMap<>(summary(index, message));
        model.put("text", MimeParts.find(message, "text/plain").orElse(""));
        return WebResponse.html(200, pages.render("mailbox_message", request.preferredLocale(), model));
    }

    /** The HTML part as sent: inline styles allowed, nothing else, sandboxed. */
    private WebResponse html(WebRequest request, Matcher path) {
        String html = MimeParts.find(message(Integer.parseInt(path.group(1))), "text/html").orElse("");
        return WebResponse.html(200, html).header("Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; sandbox allow-top-navigation-by-user-activation allow-popups");
    }

    private MimeMessage message(int index) {
        List<MimeMessage> received = smtp.received();
        if (index >= received.size()) {
            throw new HttpError.NotFound();
        }
        return received.get(index);
    }

    private static Map<String, Object> summary(int index, MimeMessage m) {
        try {
            Map<String, Object> row = new HashMap<>();
            row.put("index", index);
            row.put("subject", Optional.ofNullable(m.getSubject()).orElse(""));
            row.put("to", String.join(", ", Optional.ofNullable(m.getHeader("To")).orElse(new String[0])));
            row.put("received", Optional.ofNullable(m.getHeader("Date", null)).orElse(""));
            row.put("messageId", Optional.ofNullable(m.getMessageID()).orElse(""));
            return row;
        } catch (MessagingException e) {
            throw new IllegalStateException("a received message cannot be read", e);
        }
    }
}
