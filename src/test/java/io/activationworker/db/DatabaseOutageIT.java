package io.activationworker.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.testing.Browser;
import io.activationworker.testing.BulkFeed;
import io.activationworker.testing.Inbox;
import io.activationworker.testing.LogCapture;
import io.activationworker.testing.Mails;
import io.activationworker.testing.Poll;
import io.activationworker.testing.StoppablePostgres;
import io.activationworker.testing.TestApp;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL stopped with {@code pg_ctl stop -m immediate} while administrators accept their links,
 * then started again: the web answers a friendly 503 meanwhile, nothing is half-written, and the
 * web handler, the worker and the feed watcher carry on by themselves.
 */
class DatabaseOutageIT {

    private static final int AGREEMENTS = 20;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    final StoppablePostgres postgres = new StoppablePostgres();
    private String dbUrl;
    private TestApp app;

    @BeforeEach
    void start() {
        dbUrl = postgres.newDatabaseUrl("activation");
        app = TestApp.start(Map.of(
                "db.url", dbUrl,
                "feed.poll-seconds", "1",
                "worker.lease-seconds", "5",
                "worker.retry-base-ms", "200"), Clock.systemUTC(), true, true);
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void while_postgresql_is_down_pages_answer_503_and_afterwards_everything_resumes_without_a_restart() throws Exception {
        app.writeFeed("bulk.yaml", BulkFeed.yaml("bulk", 1, AGREEMENTS));
        List<String> links = new ArrayList<>();
        for (MimeMessage m : app.awaitMessages(AGREEMENTS)) {
            links.add(Mails.link(m, app.baseUrl + "/activate/"));
        }

        // Administrators accept their links, one after the other, through the outage; on a 503 they try again.
        Queue<HttpResponse<String>> answers = new ConcurrentLinkedQueue<>();
        Queue<String> toAccept = new ConcurrentLinkedQueue<>(links);
        ExecutorService administrators = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4; i++) {
            administrators.execute(() -> {
                for (String link = toAccept.poll(); link != null; link = toAccept.poll()) {
                    acceptUntilDone(link, answers);
                }
            });
        }
        Poll.until(WAIT, "a few activations done", () -> app.count("select count(*) from acceptance") >= 4);
        postgres.stopImmediately();

        // Meanwhile: a partner drops a feed file, pages answer 503, the process itself stays up.
        app.writeFeed("late.yaml", BulkFeed.yaml("late", AGREEMENTS + 1, 1));
        HttpResponse<String> page = new Browser(app.baseUrl).get(links.get(links.size() - 1));
        assertThat(page.statusCode()).isEqualTo(503);
        assertFriendlyUnavailablePage(page);
        assertThat(new Browser(app.baseUrl).get("/readyz").statusCode()).isEqualTo(503);
        assertThat(new Browser(app.baseUrl).get("/healthz").statusCode()).isEqualTo(200);
        Poll.until(WAIT, "administrators answered 503 during the outage",
                () -> answers.stream().filter(r -> r.statusCode() == 503).count() >= 4);

        postgres.startAgain();

        Poll.until(WAIT, "ready again", () -> new Browser(app.baseUrl).get("/readyz").statusCode() == 200);
        administrators.shutdown();
        assertThat(administrators.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        Poll.until(WAIT, "the feed file written during the outage imported by the watcher",
                () -> app.count("select count(*) from agreement") == AGREEMENTS + 1);
        Poll.until(WAIT, "every queued email sent by the worker",
                () -> app.count("select count(*) from outbox_message where state <> 'sent'") == 0);

        assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).as("answer to " + r.request().method())
                .isIn(200, 303, 503));
        answers.stream().filter(r -> r.statusCode() == 503).forEach(DatabaseOutageIT::assertFriendlyUnavailablePage);
        assertNothingHalfWritten(AGREEMENTS + 1);
        assertThat(app.count("select count(*) from acceptance")).isEqualTo(AGREEMENTS);
        assertThat(app.count("select count(*) from outbox_message where kind = 'activation_confirmation'"))
                .isEqualTo(AGREEMENTS);
        assertThat(app.count("select count(*) from subscription where seats = 5 and state = 'active'")).isEqualTo(AGREEMENTS);
        Poll.until(WAIT, "every outbox message received", () -> Inbox.byMessageId(app.smtp).keySet().containsAll(
                app.jdbi().withHandle(h -> h.createQuery("select message_id from outbox_message").mapTo(String.class).list())));
        assertThat(Inbox.byMessageId(app.smtp)).hasSize(2 * AGREEMENTS + 1);
    }

    @Test
    void an_import_cut_by_the_outage_is_finished_by_the_watcher_once_postgresql_is_back() throws Exception {
        app.writeFeed("bulk.yaml", BulkFeed.yaml("bulk", 1, 1));
        Poll.until(WAIT, "the first version imported", () -> app.count("select count(*) from agreement") == 1);

        // Hold the watcher's next import in the middle of its transaction: another session is inserting
        // agreement V0000005 and has not committed yet. Then PostgreSQL goes down under it.
        try (LogCapture watcher = LogCapture.of("io.activationworker.feed.FeedWatcher");
             Connection holder = DriverManager.getConnection(dbUrl, "postgres", "");
             Connection observer = DriverManager.getConnection(dbUrl, "postgres", "")) {
            holder.setAutoCommit(false);
            holder.createStatement().execute("""
                    insert into agreement (number, partner_id, tenant_id, customer_name, admin_email, locale,
                                           source_file, source_line, fingerprint)
                    values ('V0000005', 'bulk', 'customer5.example', 'Customer 5', 'admin5@customer5.example', 'en',
                            'held', 1, 'held')""");
            app.writeFeed("bulk.yaml", BulkFeed.yaml("bulk", 1, AGREEMENTS));
            Poll.until(WAIT, "the import waiting inside its transaction", () -> waitingOnALock(observer));
            postgres.stopImmediately();
            // The outage lasts until the import has failed for it (after a connection attempt's 3 s):
            // what the watcher finishes afterwards is an import the outage really cut.
            watcher.await(WAIT, "event=feed_import_failed", "database unavailable");
        }
        postgres.startAgain();

        Poll.until(WAIT, "every agreement of the file imported by the watcher, without a restart",
                () -> app.count("select count(*) from agreement") == AGREEMENTS);
        assertThat(app.count("select count(*) from product_key")).isEqualTo(AGREEMENTS);
        Poll.until(WAIT, "one activation email per agreement sent",
                () -> app.count("select count(*) from outbox_message where kind = 'activation_link' and state = 'sent'")
                        == AGREEMENTS);
        List<String> queuedTwice = app.jdbi().withHandle(h -> h.createQuery("""
                select agreement_number || ' ' || kind || ' ' || count(*) from outbox_message
                 group by agreement_number, kind having count(*) > 1""").mapTo(String.class).list());
        assertThat(queuedTwice).as("emails queued twice").isEmpty();
        assertThat(app.count("select count(*) from outbox_message")).isEqualTo(AGREEMENTS);
        assertNothingHalfWritten(AGREEMENTS);
    }

    @Test
    void an_agreement_whose_connection_was_killed_during_import_is_imported_at_the_next_poll() throws Exception {
        app.writeFeed("bulk.yaml", BulkFeed.yaml("bulk", 1, 1));
        Poll.until(WAIT, "the first version imported", () -> app.count("select count(*) from agreement") == 1);

        try (Connection holder = DriverManager.getConnection(dbUrl, "postgres", "");
             Connection dba = DriverManager.getConnection(dbUrl, "postgres", "")) {
            holder.setAutoCommit(false);
            holder.createStatement().execute("""
                    insert into agreement (number, partner_id, tenant_id, customer_name, admin_email, locale,
                                           source_file, source_line, fingerprint)
                    values ('V0000005', 'bulk', 'customer5.example', 'Customer 5', 'admin5@customer5.example', 'en',
                            'held', 1, 'held')""");
            app.writeFeed("bulk.yaml", BulkFeed.yaml("bulk", 1, AGREEMENTS));
            // The import's transaction waits on V0000005; a DBA (or a failover) kills its connection, twice:
            // once for the whole batch, once for V0000005 alone when it is tried on its own.
            for (int i = 0; i < 2; i++) {
                Poll.until(WAIT, "the import waiting on V0000005", () -> waitingOnALock(dba));
                dba.createStatement().execute("select pg_terminate_backend(pid) from pg_stat_activity"
                        + " where application_name = 'activation-worker' and wait_event_type = 'Lock'");
            }
            holder.rollback();
        }

        Poll.until(WAIT, "every agreement of the file imported, V0000005 included",
                () -> app.count("select count(*) from agreement") == AGREEMENTS);
        Poll.until(WAIT, "one activation email per agreement sent",
                () -> app.count("select count(*) from outbox_message where kind = 'activation_link' and state = 'sent'")
                        == AGREEMENTS);
        assertThat(app.count("select count(*) from outbox_message")).isEqualTo(AGREEMENTS);
        assertNothingHalfWritten(AGREEMENTS);
    }

    private static boolean waitingOnALock(Connection observer) {
        try (var rs = observer.createStatement().executeQuery(
                "select count(*) from pg_stat_activity where application_name = 'activation-worker' and wait_event_type = 'Lock'")) {
            return rs.next() && rs.getLong(1) > 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void acceptUntilDone(String link, Queue<HttpResponse<String>> answers) {
        while (true) {
            Browser browser = new Browser(app.baseUrl);
            HttpResponse<String> page = browser.get(link);
            answers.add(page);
            if (page.statusCode() == 200 && !page.body().contains("name=\"accept\"")) {
                return; // already used: an earlier try went through
            }
            if (page.statusCode() != 200) {
                continue;
            }
            HttpResponse<String> accepted = browser.post(link, Map.of("accept", "yes"));
            answers.add(accepted);
            if (accepted.statusCode() == 303) {
                return;
            }
        }
    }

    /** Each change is all or nothing: a used link has its acceptance, redeemed keys, redemptions and email. */
    private void assertNothingHalfWritten(int agreements) {
        assertThat(app.count("""
                select count(*) from activation_link l
                 where (l.used_at is not null) <> exists (select 1 from acceptance a where a.link_id = l.id)
                """)).isZero();
        assertThat(app.count("""
                select count(*) from activation_link_key lk
                  join activation_link l on l.id = lk.link_id
                  join product_key k on k.id = lk.key_id
                 where (l.used_at is not null) <> (k.state = 'redeemed')
                """)).isZero();
        assertThat(app.count("""
                select count(*) from product_key k
                 where (k.state = 'redeemed') <> exists (select 1 from key_redemption r where r.key_id = k.id)
                """)).isZero();
        assertThat(app.count("select count(*) from product_key")).isEqualTo(agreements);
        assertThat(app.count("select count(*) from activation_link")).isEqualTo(agreements);
        assertThat(app.count("select count(*) from outbox_message where kind = 'activation_link'")).isEqualTo(agreements);
    }

    private static void assertFriendlyUnavailablePage(HttpResponse<String> page) {
        assertThat(page.body()).contains("Temporarily unavailable", "Nothing was changed");
        assertThat(page.headers().firstValue("Retry-After")).isPresent();
        assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString().contains("frame-ancestors 'none'");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
    }
}
