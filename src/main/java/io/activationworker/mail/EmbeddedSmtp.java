package io.activationworker.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import com.icegreen.greenmail.store.StoredMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default SMTP server (GreenMail on loopback) used when {@code smtp.host} is empty,
 * so a newcomer sees every email in {@code /dev/mailbox} without a relay. Messages are kept in
 * memory only.
 */
public final class EmbeddedSmtp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedSmtp.class);

    private final GreenMail greenMail;
    private final Set<StoredMessage> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<MimeMessage> arrived = new ArrayList<>();

    public EmbeddedSmtp(int port) {
        ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        greenMail = new GreenMail(setup);
        greenMail.start();
        log.info("event=embedded_smtp_started port={}", port());
    }

    public int port() {
        return greenMail.getSmtp().getPort();
    }

    /**
     * Every message received, in order of arrival; a message keeps its position for good, so its
     * index is a stable address. (GreenMail lists messages mailbox by mailbox: a new message to
     * one recipient would shift every message to the recipients after it.)
     */
    public synchronized List<MimeMessage> received() {
        List<StoredMessage> fresh = new ArrayList<>();
        for (StoredMessage m : greenMail.getManagers().getImapHostManager().getAllMessages()) {
            if (seen.add(m)) {
                fresh.add(m);
            }
        }
        fresh.sort(Comparator.comparing(StoredMessage::getReceivedDate).thenComparingLong(StoredMessage::getUid));
        fresh.forEach(m -> arrived.add(m.getMimeMessage()));
        return List.copyOf(arrived);
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
