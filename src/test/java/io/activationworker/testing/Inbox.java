package io.activationworker.testing;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Map;
import java.util.TreeMap;

/** What arrived at a GreenMail server, counted the way a receiver deduplicates: by Message-ID. */
public final class Inbox {

    private Inbox() {
    }

    /** How many copies of each Message-ID arrived. */
    public static Map<String, Integer> byMessageId(GreenMail smtp) {
        Map<String, Integer> counts = new TreeMap<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            counts.merge(messageId(m), 1, Integer::sum);
        }
        return counts;
    }

    public static String messageId(MimeMessage m) {
        try {
            return m.getMessageID();
        } catch (MessagingException e) {
            throw new AssertionError("a received message has no readable Message-ID", e);
        }
    }
}
