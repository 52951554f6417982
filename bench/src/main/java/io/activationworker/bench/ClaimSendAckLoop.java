package io.activationworker.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.activationworker.mail.SmtpSettings;
import io.activationworker.outbox.DeliveryDao;
import io.activationworker.outbox.OutboxMessage;
import io.activationworker.outbox.OutboxRenderer;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * The limit for a worker against the fast sink (issue 18 point 6): the plain Jakarta Mail loop
 * plus the outbox's own claim and acknowledge statements. Each thread claims a batch with the
 * product's claim ({@link DeliveryDao}, plain JDBC), renders each message when it comes to it (no
 * rendering ahead, no cache of rendered messages), sends it over its own reused connection
 * waiting for each reply, and acknowledges the batch with the product's statement once sent.
 *
 * <p>Args: jdbcUrl smtpHost smtpPort connections templatesDir warmUpMessages batchSize
 */
public final class ClaimSendAckLoop {

    private static final long LEASE_SECONDS = 60;

    public static void main(String[] args) throws Exception {
        String url = args[0];
        SmtpSettings smtp = new SmtpSettings(args[1], Integer.parseInt(args[2]), "", "", false, false);
        int connections = Integer.parseInt(args[3]);
        int warmUp = Integer.parseInt(args[5]);
        int batchSize = Integer.parseInt(args[6]);
        Session session = smtp.session();
        OutboxRenderer renderer = MailRows.renderer(session, Path.of(args[4]));
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        hc.setUsername("postgres");
        hc.setMaximumPoolSize(connections);
        try (HikariDataSource ds = new HikariDataSource(hc)) {
            DeliveryDao dao = new DeliveryDao(ds);
            List<Transport> transports = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                Transport t = session.getTransport("smtp");
                t.connect();
                transports.add(t);
            }
            int n = (int) Db.count(url, "select count(*) from outbox_message");
            // Warm-up: the queued messages again and again until that many were sent, untimed.
            for (int left = warmUp; left > 0; left -= n) {
                queue(ds, Math.min(n, left));
                run(dao, renderer, transports, batchSize);
            }
            queue(ds, n);
            double seconds = run(dao, renderer, transports, batchSize);
            long sent = Db.count(url, "select count(*) from outbox_message where state = 'sent'");
            for (Transport t : transports) {
                t.close();
            }
            if (sent != n) {
                throw new IllegalStateException(sent + " of " + n + " sent");
            }
            System.out.println("RESULT messages=" + n);
            System.out.println("RESULT seconds=" + seconds);
            System.out.println("RESULT msgs_per_s=" + n / seconds);
        }
    }

    /** Makes the first {@code count} rows due, every other row not due. */
    private static void queue(HikariDataSource ds, int count) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("""
                    update outbox_message set state = 'queued', attempts = 0, sent_at = null, lease_owner = null,
                           lease_until = null, last_error = null, next_attempt_at = now() + interval '1 day'""");
            s.executeUpdate("update outbox_message set next_attempt_at = now() where id in (select id from outbox_message"
                    + " order by id limit " + count + ")");
            s.execute("vacuum analyze outbox_message");
        }
    }

    /** Every thread claims, sends and acknowledges until nothing is due; returns the seconds it took. */
    private static double run(DeliveryDao dao, OutboxRenderer renderer, List<Transport> transports, int batchSize)
            throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(transports.size());
        for (Transport t : transports) {
            new Thread(() -> {
                try {
                    start.await();
                    while (true) {
                        String owner = UUID.randomUUID().toString();
                        List<OutboxMessage> batch = dao.claimDue(owner, batchSize, LEASE_SECONDS);
                        if (batch.isEmpty()) {
                            break;
                        }
                        long[] ids = new long[batch.size()];
                        for (int i = 0; i < ids.length; i++) {
                            MimeMessage m = renderer.render(batch.get(i));
                            t.sendMessage(m, m.getAllRecipients());
                            ids[i] = batch.get(i).id();
                        }
                        String[] owners = new String[ids.length];
                        Arrays.fill(owners, owner);
                        dao.markSent(ids, owners);
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                    System.exit(3);
                } finally {
                    done.countDown();
                }
            }, "claim-send-ack").start();
        }
        long started = System.nanoTime();
        start.countDown();
        done.await();
        return (System.nanoTime() - started) / 1e9;
    }
}
