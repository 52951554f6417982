package io.activationworker.bench;

import io.activationworker.mail.SmtpSettings;
import io.activationworker.outbox.OutboxMessage;
import io.activationworker.outbox.OutboxRenderer;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SMTP limit: a plain Jakarta Mail loop that only sends the same, already rendered messages
 * over the same number of reused connections. Everything but sending (reading the rows,
 * rendering, connecting) happens before the clock starts.
 *
 * <p>Args: jdbcUrl smtpHost smtpPort connections templatesDir warmUpMessages
 */
public final class JakartaMailLoop {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        SmtpSettings smtp = new SmtpSettings(args[1], Integer.parseInt(args[2]), "", "", false, false);
        int connections = Integer.parseInt(args[3]);
        Session session = smtp.session();
        OutboxRenderer renderer = MailRows.renderer(session, Path.of(args[4]));
        List<MimeMessage> messages = new ArrayList<>();
        for (OutboxMessage row : MailRows.load(url)) {
            messages.add(renderer.render(row));
        }
        List<Transport> transports = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Transport t = session.getTransport("smtp");
            t.connect();
            transports.add(t);
        }
        // Warm-up: the queued messages again and again until that many were sent, untimed.
        for (int left = Integer.parseInt(args[5]); left > 0; left -= messages.size()) {
            send(transports, messages.subList(0, Math.min(messages.size(), left)));
        }
        double seconds = send(transports, messages);
        for (Transport t : transports) {
            t.close();
        }
        System.out.println("RESULT messages=" + messages.size());
        System.out.println("RESULT seconds=" + seconds);
        System.out.println("RESULT msgs_per_s=" + messages.size() / seconds);
    }

    /** Sends every message once, spread over the connections; returns the seconds it took. */
    private static double send(List<Transport> transports, List<MimeMessage> messages) throws InterruptedException {
        int connections = transports.size();
        AtomicInteger next = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(connections);
        for (Transport t : transports) {
            new Thread(() -> {
                try {
                    start.await();
                    for (int i = next.getAndIncrement(); i < messages.size(); i = next.getAndIncrement()) {
                        MimeMessage m = messages.get(i);
                        t.sendMessage(m, m.getAllRecipients());
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                    System.exit(3);
                } finally {
                    done.countDown();
                }
            }, "send").start();
        }
        long started = System.nanoTime();
        start.countDown();
        done.await();
        return (System.nanoTime() - started) / 1e9;
    }
}
