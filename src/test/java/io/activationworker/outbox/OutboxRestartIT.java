package io.activationworker.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.testing.Feeds;
import io.activationworker.testing.FreePort;
import io.activationworker.testing.Mails;
import io.activationworker.testing.PostgresExtension;
import io.activationworker.testing.TestApp;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OutboxRestartIT {

    @RegisterExtension
    final PostgresExtension db = new PostgresExtension();

    @Test
    void rows_queued_while_no_worker_runs_are_delivered_after_a_restart() throws Exception {
        // Both instances answer on one port: the link in the email names it.
        int port = FreePort.pick();
        Map<String, String> sameDatabase = Map.of("db.url", db.url(),
                "http.port", Integer.toString(port), "public.base-url", "http://127.0.0.1:" + port);
        List<String> queuedIds;
        try (TestApp withoutWorker = TestApp.start(sameDatabase, Clock.systemUTC(), false, false)) {
            withoutWorker.importFeed("northwind.yaml", Feeds.standard());
            queuedIds = withoutWorker.jdbi().withHandle(h -> h.createQuery(
                    "select message_id from outbox_message where state = 'queued'").mapTo(String.class).list());
            assertThat(queuedIds).hasSize(1);
            assertThat(withoutWorker.smtp.getReceivedMessages()).isEmpty();
        }
        try (TestApp restarted = TestApp.start(sameDatabase, Clock.systemUTC(), true, true)) {
            MimeMessage mail = restarted.awaitMessages(1).get(0);
            assertThat(mail.getMessageID()).isEqualTo(queuedIds.get(0));
            // The link sealed in the outbox row opens the page after the restart.
            String link = Mails.link(mail, restarted.baseUrl + "/activate/");
            assertThat(restarted.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(link)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(restarted.count("select count(*) from outbox_message where state = 'sent'")).isEqualTo(1);
        }
    }
}
