package io.activationworker.activation;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.ops.Housekeeping;
import io.activationworker.testing.Feeds;
import io.activationworker.testing.MutableClock;
import io.activationworker.testing.Portal;
import io.activationworker.testing.TestApp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sealed copy of a link's token ({@code activation_link.token_sealed}) is kept only while the
 * link is open, for the reminder; it is erased when the link is used, revoked or expires. The
 * table is dumped after each of the three.
 */
class SealedTokenErasureIT {

    private static final String ANNA = "anna@fabrikam.example";
    private static final String BRAM = "bram@fabrikam.example";

    private final MutableClock clock = MutableClock.now();
    private TestApp app;

    @BeforeEach
    void start() {
        app = TestApp.start(Map.of(), clock, true, true);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void the_sealed_copy_is_erased_when_the_link_is_revoked_used_or_expires() {
        app.importFeed("northwind.yaml", Feeds.agreement("Anna de Vries", ANNA, Feeds.KEY_A));
        app.awaitMessages(1);
        assertThat(dump()).containsExactly("1 anna open sealed");

        // Revoked: the administrator changes, Anna's open link is revoked and Bram gets a new one.
        app.importFeed("northwind.yaml", Feeds.agreement("Bram Jansen", BRAM, Feeds.KEY_A));
        Portal.awaitMessage(app, BRAM, text -> text.contains("/activate/"));
        assertThat(dump()).as("after the revocation").containsExactly(
                "1 anna revoked erased",
                "2 bram open sealed");

        // Used: Bram accepts.
        Portal.acceptActivation(app, BRAM);
        assertThat(dump()).as("after the accept").containsExactly(
                "1 anna revoked erased",
                "2 bram used erased");

        // Expired: a new key gets a new link, nobody answers it, and its 30 days pass.
        app.importFeed("northwind.yaml", Feeds.agreement("Bram Jansen", BRAM, Feeds.KEY_A, Feeds.KEY_B));
        Portal.awaitMessage(app, Portal.receivedIds(app), BRAM, text -> text.contains("/activate/"));
        assertThat(dump()).as("a new open link").containsExactly(
                "1 anna revoked erased",
                "2 bram used erased",
                "3 bram open sealed");
        clock.advance(Duration.ofDays(31));
        new Housekeeping(app.jdbi(), clock).runOnce();
        assertThat(dump()).as("after the expiry").containsExactly(
                "1 anna revoked erased",
                "2 bram used erased",
                "3 bram expired erased");
    }

    @Test
    void the_database_erases_the_copy_even_for_a_statement_that_forgets_to() {
        app.importFeed("northwind.yaml", Feeds.agreement("Anna de Vries", ANNA, Feeds.KEY_A));
        app.awaitMessages(1);
        app.jdbi().useHandle(h -> h.execute("update activation_link set used_at = now()"));
        assertThat(dump()).containsExactly("1 anna used erased");
        app.jdbi().useHandle(h -> h.execute("""
                insert into activation_link (token_hash, token_sealed, agreement_number, recipient_email, created_at,
                                             expires_at)
                values ('\\x00', 'sealed', 'V1234567', 'anna@fabrikam.example', now(), now() + interval '1 day')
                """));
        app.jdbi().useHandle(h -> h.execute("update activation_link set revoked_at = now() where token_hash = '\\x00'"));
        assertThat(dump()).containsExactly("1 anna used erased", "2 anna revoked erased");
    }

    /** One line per link: id, recipient, state now, and whether the sealed copy is still there. */
    private List<String> dump() {
        List<String> rows = app.jdbi().withHandle(h -> h.createQuery("""
                select id || ' ' || split_part(recipient_email, '@', 1) || ' '
                       || case when used_at is not null then 'used' when revoked_at is not null then 'revoked'
                               when expires_at <= :now then 'expired' else 'open' end
                       || ' ' || case when token_sealed is null then 'erased' else 'sealed' end
                  from activation_link order by id
                """).bind("now", clock.instant()).mapTo(String.class).list());
        System.out.println("activation_link: " + rows);
        return rows;
    }
}
