package io.activationworker.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.testing.PostgresExtension;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link DeliveryDao#claimDue} on real PostgreSQL: which rows a claim takes, in which order, and never twice. */
class OutboxClaimIT {

    @RegisterExtension
    final PostgresExtension db = new PostgresExtension();

    @Test
    void due_rows_are_claimed_oldest_first_and_each_only_once() {
        for (int i = 1; i <= 5; i++) {
            queue("<m" + i + "@test>", "now() - interval '" + (10 - i) + " minutes'");
        }

        assertThat(claim("a", 3)).containsExactlyInAnyOrder("<m1@test>", "<m2@test>", "<m3@test>");
        assertThat(claim("b", 3)).containsExactlyInAnyOrder("<m4@test>", "<m5@test>");
        assertThat(claim("c", 3)).isEmpty();
    }

    @Test
    void rows_not_yet_due_are_left_alone() {
        queue("<later@test>", "now() + interval '1 minute'");

        assertThat(claim("a", 10)).isEmpty();
    }

    @Test
    void a_row_whose_lease_ran_out_is_claimed_again_before_queued_rows() {
        queue("<stuck@test>", "now() - interval '1 hour'");
        assertThat(claim("dead-worker", 1)).containsExactly("<stuck@test>");
        db.jdbi().useHandle(h -> h.execute("update outbox_message set lease_until = now() - interval '1 second'"));
        queue("<fresh@test>", "now() - interval '2 hours'");

        assertThat(claim("b", 1)).containsExactly("<stuck@test>");
        String owner = db.jdbi().withHandle(h -> h.createQuery(
                "select lease_owner from outbox_message where message_id = '<stuck@test>'").mapTo(String.class).one());
        assertThat(owner).isEqualTo("b");
        assertThat(claim("c", 5)).containsExactly("<fresh@test>");
    }

    @Test
    void concurrent_claimers_never_take_the_same_row() throws Exception {
        for (int i = 0; i < 600; i++) {
            queue("<c" + i + "@test>", "now() - interval '1 minute'");
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<List<String>>> claims = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            String owner = "w" + t;
            claims.add(pool.submit(() -> {
                List<String> mine = new ArrayList<>();
                for (List<String> batch = claim(owner, 7); !batch.isEmpty(); batch = claim(owner, 7)) {
                    mine.addAll(batch);
                }
                return mine;
            }));
        }
        List<String> all = Collections.synchronizedList(new ArrayList<>());
        for (Future<List<String>> f : claims) {
            all.addAll(f.get());
        }
        pool.shutdown();

        assertThat(all).hasSize(600).doesNotHaveDuplicates();
    }

    private void queue(String messageId, String nextAttemptAt) {
        db.jdbi().useHandle(h -> h.execute("insert into outbox_message (message_id, kind, recipient_email, locale, payload,"
                + " next_attempt_at) values (?, 'activation_link', 'a@example.test', 'en', '{}', " + nextAttemptAt + ")",
                messageId));
    }

    private List<String> claim(String owner, int limit) {
        return new DeliveryDao(db.database().dataSource()).claimDue(owner, limit, 60).stream()
                .map(OutboxMessage::messageId).toList();
    }
}
