package io.activationworker.bench;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.activationworker.mail.SmtpSettings;
import io.activationworker.outbox.OutboxMessage;
import io.activationworker.outbox.OutboxRenderer;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.io.Serializable;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The peer: the same emails sent by db-scheduler, one one-time task per email, scheduler on its
 * default settings. Each execution renders with the product's renderer and sends with Jakarta
 * Mail over a connection its thread keeps open (the peer gets connection reuse too, so the
 * comparison is about claiming and acknowledging, not TCP handshakes).
 *
 * <p>Args: jdbcUrl smtpHost smtpPort templatesDir warmUpMessages
 */
public final class DbSchedulerPeer {

    /** One email as task data (db-scheduler's default Java serialisation). */
    public record Mail(long id, String messageId, String kind, String recipientEmail, String recipientName,
                       String locale, String payload, String agreementNumber, long createdAtMillis)
            implements Serializable {

        OutboxMessage row() {
            return new OutboxMessage(id, messageId, kind, recipientEmail, recipientName, locale, payload,
                    agreementNumber, 0, Instant.ofEpochMilli(createdAtMillis));
        }
    }

    private static final AtomicLong FIRST_EXECUTION = new AtomicLong();

    public static void main(String[] args) throws Exception {
        String url = args[0];
        SmtpSettings smtp = new SmtpSettings(args[1], Integer.parseInt(args[2]), "", "", false, false);
        Session session = smtp.session();
        OutboxRenderer renderer = MailRows.renderer(session, Path.of(args[3]));
        ThreadLocal<Transport> connection = new ThreadLocal<>();

        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        hc.setUsername("postgres");
        try (HikariDataSource ds = new HikariDataSource(hc)) {
            createTable(ds);
            OneTimeTask<Mail> task = Tasks.oneTime("send-email", Mail.class).execute((instance, ctx) -> {
                FIRST_EXECUTION.compareAndSet(0, System.nanoTime());
                MimeMessage message = renderer.render(instance.getData().row());
                try {
                    Transport t = connection.get();
                    if (t == null) {
                        t = session.getTransport("smtp");
                        t.connect();
                        connection.set(t);
                    }
                    t.sendMessage(message, message.getAllRecipients());
                } catch (MessagingException e) {
                    connection.remove();
                    throw new IllegalStateException(e);
                }
            });
            List<OutboxMessage> rows = MailRows.load(url);
            SchedulerClient client = SchedulerClient.Builder.create(ds, task).build();
            Scheduler scheduler = Scheduler.create(ds, task).build();
            // Warm-up: the messages again and again, untimed, under other instance ids, until that many ran.
            scheduler.start();
            int round = 0;
            for (int left = Integer.parseInt(args[4]); left > 0; left -= rows.size()) {
                schedule(client, task, rows.subList(0, Math.min(rows.size(), left)), "warm-up-" + round++ + "-");
                awaitEmpty(url);
            }
            FIRST_EXECUTION.set(0);
            schedule(client, task, rows, "");
            awaitEmpty(url);
            long ended = System.nanoTime();
            scheduler.stop();
            double seconds = (ended - FIRST_EXECUTION.get()) / 1e9;
            System.out.println("RESULT messages=" + rows.size());
            System.out.println("RESULT seconds=" + seconds);
            System.out.println("RESULT msgs_per_s=" + rows.size() / seconds);
        }
        System.exit(0);
    }

    private static void schedule(SchedulerClient client, OneTimeTask<Mail> task, List<OutboxMessage> rows,
                                 String idPrefix) {
        client.scheduleBatch(rows.stream().<TaskInstance<?>>map(r -> task.instance(idPrefix + r.id(),
                new Mail(r.id(), r.messageId(), r.kind(), r.recipientEmail(), r.recipientName(), r.locale(),
                        r.payload(), r.agreementNumber(), r.createdAt().toEpochMilli()))), Instant.now());
    }

    /**
     * Polls (every 100 ms) until every task has run and been removed. Asks only whether a row is
     * left, not how many: counting scanned the whole table on every poll (bench/NOTES.md §23).
     */
    private static void awaitEmpty(String url) throws Exception {
        try (Connection c = Db.connect(url)) {
            while (Db.count(c, "select count(*) from (select 1 from scheduled_tasks limit 1) t") > 0) {
                Thread.sleep(100);
            }
        }
    }

    private static void createTable(HikariDataSource ds) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("drop table if exists scheduled_tasks");
            // db-scheduler's documented PostgreSQL table.
            s.execute("""
                    create table scheduled_tasks (
                      task_name text not null,
                      task_instance text not null,
                      task_data bytea,
                      execution_time timestamp with time zone not null,
                      picked boolean not null,
                      picked_by text,
                      last_success timestamp with time zone,
                      last_failure timestamp with time zone,
                      consecutive_failures int,
                      last_heartbeat timestamp with time zone,
                      version bigint not null,
                      priority smallint,
                      primary key (task_name, task_instance))""");
            s.execute("create index execution_time_idx on scheduled_tasks (execution_time)");
            s.execute("create index last_heartbeat_idx on scheduled_tasks (last_heartbeat)");
            s.execute("create index priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc)");
        }
    }
}
