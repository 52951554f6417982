package io.activationworker.mail;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/** A baseline for relay tests: plain Jakarta Mail sending small messages over a fixed number of connections. */
final class PlainSmtpLoop {

    private PlainSmtpLoop() {
    }

    /** Messages a second reached sending {@code messages} over {@code connections} reused connections. */
    static double rate(int port, int connections, int messages) throws Exception {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", Integer.toString(port));
        Session session = Session.getInstance(p);
        AtomicInteger left = new AtomicInteger(messages);
        List<Thread> threads = new ArrayList<>();
        List<Exception> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        long started = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            Thread t = new Thread(() -> {
                try (Transport transport = session.getTransport("smtp")) {
                    transport.connect();
                    while (left.getAndDecrement() > 0) {
                        MimeMessage m = new MimeMessage(session);
                        m.setFrom(new InternetAddress("loop@activation.test"));
                        m.setRecipient(Message.RecipientType.TO, new InternetAddress("someone@customer.example"));
                        m.setSubject("baseline");
                        m.setText("baseline message");
                        m.saveChanges();
                        transport.sendMessage(m, m.getAllRecipients());
                    }
                } catch (Exception e) {
                    failures.add(e);
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        return messages / ((System.nanoTime() - started) / 1e9);
    }
}
