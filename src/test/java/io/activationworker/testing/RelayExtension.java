package io.activationworker.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.activationworker.testing.SmtpFaultProxy.Fault;
import io.activationworker.testing.SmtpFaultProxy.Handoff;
import io.activationworker.testing.SmtpFaultProxy.RecipientTry;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An SMTP relay for each test: GreenMail (on a port it binds itself) behind an
 * {@link SmtpFaultProxy}, so that the test can make the relay fail while mail flows. The product
 * is pointed at {@link #port()}; what reached GreenMail is {@link #received()}.
 * {@code @RegisterExtension final RelayExtension relay = new RelayExtension();}
 */
public final class RelayExtension extends Fixture {

    private GreenMail greenMail;
    private SmtpFaultProxy proxy;

    @Override
    protected void open() {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        proxy = new SmtpFaultProxy(greenMail.getSmtp().getPort());
    }

    @Override
    protected void close() {
        if (proxy != null) {
            proxy.close();
            greenMail.stop();
            proxy = null;
        }
    }

    /** The port the product sends to (the proxy's). */
    public int port() {
        return proxy.port();
    }

    /** The SMTP server behind the proxy, for what the proxy does not cover (users, waiting for mail). */
    public GreenMail greenMail() {
        return greenMail;
    }

    /** Every message the server received so far. */
    public List<MimeMessage> received() {
        return List.of(greenMail.getReceivedMessages());
    }

    /** How many copies of each Message-ID the server received. */
    public Map<String, Integer> byMessageId() {
        return Inbox.byMessageId(greenMail);
    }

    /** See {@link SmtpFaultProxy#fault(Fault)}. */
    public void fault(Fault fault) {
        proxy.fault(fault);
    }

    /** See {@link SmtpFaultProxy#rejectRecipient(String)}. */
    public void rejectRecipient(String address) {
        proxy.rejectRecipient(address);
    }

    /** See {@link SmtpFaultProxy#cutConnections()}. */
    public void cutConnections() {
        proxy.cutConnections();
    }

    /** See {@link SmtpFaultProxy#delayDataReply(Duration)}. */
    public void delayDataReply(Duration delay) {
        proxy.delayDataReply(delay);
    }

    public List<Handoff> handoffs() {
        return proxy.handoffs();
    }

    public List<RecipientTry> recipientTries() {
        return proxy.recipientTries();
    }

    public int connections() {
        return proxy.connections();
    }
}
