package io.activationworker.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.key.KeyHasher;
import io.activationworker.key.TokenSealer;
import io.activationworker.key.Tokens;
import io.activationworker.testing.TestApp;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md's import rules on a real PostgreSQL, including feeds larger than one write chunk:
 * the agreement is the unit, a refused agreement never blocks the others, re-importing changes
 * nothing, and every stored key reaches its administrator through exactly one link and email.
 */
class FeedImportRulesIT {

    private static final String PREMIUM = "Microsoft 365 Business Premium";
    private static final String SECRET = "test-secret-test-secret-test-secret-0123";

    private final Random random = new Random(7);
    private TestApp app;

    @BeforeEach
    void start() {
        app = TestApp.start(Map.of("key.secret", SECRET), Clock.systemUTC(), false, false);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void every_agreement_of_a_large_feed_gets_its_keys_one_link_and_one_email() {
        List<String> agreements = new ArrayList<>();
        int keys = 0;
        for (int i = 1; i <= 450; i++) {
            int n = i % 3 == 0 ? 2 : 1;
            keys += n;
            agreements.add(agreement("V" + (1_000_000 + i), "t" + i + ".example", "admin" + i + "@t" + i + ".example",
                    i % 2 == 0 ? "nl" : "en", newKeys(n)));
        }

        ImportReport report = app.importFeed("big.yaml", feed("northwind", agreements));

        assertThat(report.rejections()).isEmpty();
        assertThat(report.agreementsNew()).isEqualTo(450);
        assertThat(report.keysNew()).isEqualTo(keys);
        assertThat(app.count("select count(*) from agreement")).isEqualTo(450);
        assertThat(app.count("select count(*) from product_key where channel = 'open' and state = 'unused'")).isEqualTo(keys);
        assertThat(app.count("select count(*) from activation_link")).isEqualTo(450);
        assertThat(app.count("select count(*) from activation_link_key")).isEqualTo(keys);
        assertThat(app.count("select count(*) from outbox_message where kind = 'activation_link' and state = 'queued'"))
                .isEqualTo(450);
        // Every link carries exactly its own agreement's keys, for its own administrator.
        assertThat(app.count("""
                select count(*) from activation_link_key lk
                  join activation_link l on l.id = lk.link_id join product_key k on k.id = lk.key_id
                 where k.agreement_number <> l.agreement_number""")).isZero();
        assertThat(app.count("""
                select count(*) from activation_link l join agreement a on a.number = l.agreement_number
                 where l.recipient_email <> a.admin_email""")).isZero();
        assertThat(app.count("""
                select count(*) from outbox_message m join agreement a on a.number = m.agreement_number
                 where m.recipient_email <> a.admin_email or m.locale <> a.locale""")).isZero();
        assertThat(app.count("select count(distinct message_id) from outbox_message")).isEqualTo(450);
        // The emailed link opens the stored link of the same agreement.
        TokenSealer sealer = new TokenSealer(new KeyHasher(SECRET.getBytes(StandardCharsets.UTF_8)), new SecureRandom());
        for (String number : List.of("V1000001", "V1000200", "V1000450")) {
            String url = sealer.open(app.text("select payload->>'sealed:link' from outbox_message where agreement_number = '"
                    + number + "'"));
            String token = url.substring(url.lastIndexOf('/') + 1);
            String hash = HexFormat.of().formatHex(Tokens.hashOf(token).orElseThrow());
            assertThat(app.text("select agreement_number from activation_link where encode(token_hash, 'hex') = '"
                    + hash + "'")).isEqualTo(number);
        }
    }

    @Test
    void a_feed_of_several_chunks_refuses_only_its_bad_agreements_and_imports_unchanged_again() {
        List<String> taken = newKeys(1);
        app.importFeed("south.yaml", feed("southwind", List.of(
                agreement("V1001500", "s.example", "sam@s.example", "en", List.of(taken.get(0))))));
        List<String> agreements = new ArrayList<>();
        for (int i = 1; i <= 2_600; i++) {
            List<String> keys = i == 2_300 ? List.of(taken.get(0)) : newKeys(1);
            agreements.add(agreement("V" + (1_000_000 + i), "t" + i + ".example", "a" + i + "@t" + i + ".example", "en",
                    keys));
        }

        ImportReport first = app.importFeed("north.yaml", feed("northwind", agreements));

        // Agreement i is on line 3 + i; V1001500 is southwind's, V1002300 names southwind's key.
        assertThat(first.rejections()).extracting(FeedRejection::toString).containsExactly(
                app.dir.resolve("imports/north.yaml") + ":1503: agreement V1001500: the agreement number belongs to another partner",
                app.dir.resolve("imports/north.yaml") + ":2303: agreement V1002300: key …" + last5(taken.get(0))
                        + " is already registered elsewhere");
        assertThat(first.agreementsNew()).isEqualTo(2_598);
        assertThat(app.count("select count(*) from agreement where partner_id = 'northwind'")).isEqualTo(2_598);
        assertThat(app.count("select count(*) from outbox_message")).isEqualTo(2_599);
        long messages = app.count("select count(*) from outbox_message");

        ImportReport again = app.importFeed("north.yaml", feed("northwind", agreements));

        assertThat(again.agreementsUnchanged()).isEqualTo(2_598);
        assertThat(again.agreementsNew() + again.agreementsChanged()).isZero();
        assertThat(again.rejections()).hasSize(2);
        assertThat(app.count("select count(*) from outbox_message")).isEqualTo(messages);
    }

    @Test
    void a_refused_agreement_is_reported_with_file_and_line_and_the_rest_of_the_file_is_imported() {
        List<String> taken = newKeys(2);
        app.importFeed("north.yaml", feed("northwind", List.of(
                agreement("V1000001", "a.example", "ann@a.example", "en", List.of(taken.get(0))),
                agreement("V1000002", "b.example", "bob@b.example", "en", List.of(taken.get(1))))));

        List<String> fresh = newKeys(3);
        ImportReport report = app.importFeed("south.yaml", feed("southwind", List.of(
                agreement("V1000001", "a.example", "eve@a.example", "en", List.of(fresh.get(0))),
                agreement("V2000001", "c.example", "cat@c.example", "en", List.of(fresh.get(1), taken.get(0))),
                agreement("V2000002", "d.example", "dan@d.example", "en", List.of(fresh.get(2))))));

        assertThat(report.agreementsNew()).isEqualTo(1);
        assertThat(report.rejections()).extracting(FeedRejection::toString).containsExactlyInAnyOrder(
                app.dir.resolve("imports/south.yaml") + ":4: agreement V1000001: the agreement number belongs to another partner",
                app.dir.resolve("imports/south.yaml") + ":5: agreement V2000001: key …" + last5(taken.get(0))
                        + " is already registered elsewhere");
        assertThat(app.text("select partner_id from agreement where number = 'V1000001'")).isEqualTo("northwind");
        assertThat(app.text("select admin_email from agreement where number = 'V1000001'")).isEqualTo("ann@a.example");
        assertThat(app.count("select count(*) from agreement where partner_id = 'southwind'")).isEqualTo(1);
        // Nothing of a refused agreement is stored, not even its other, valid key.
        assertThat(app.count("select count(*) from product_key")).isEqualTo(3);
        assertThat(app.count("select count(*) from outbox_message")).isEqualTo(3);
    }

    @Test
    void the_same_agreement_in_another_partners_feed_is_refused_even_though_nothing_in_it_changed() {
        String same = agreement("V1000001", "a.example", "ann@a.example", "en", newKeys(1));
        app.importFeed("north.yaml", feed("northwind", List.of(same)));

        ImportReport report = app.importFeed("south.yaml", feed("southwind", List.of(same)));

        assertThat(report.agreementsUnchanged()).isZero();
        assertThat(report.rejections()).extracting(FeedRejection::reason)
                .containsExactly("the agreement number belongs to another partner");
    }

    @Test
    void a_changed_tenant_or_changed_key_terms_are_refused_and_nothing_of_them_changes() {
        List<String> keys = newKeys(2);
        app.importFeed("north.yaml", feed("northwind", List.of(
                agreement("V1000001", "a.example", "ann@a.example", "en", List.of(keys.get(0))),
                agreement("V1000002", "b.example", "bob@b.example", "en", List.of(keys.get(1))))));

        String changedSeats = agreement("V1000002", "b.example", "bob@b.example", "en", List.of(keys.get(1)))
                .replace("seats: 25", "seats: 30");
        ImportReport report = app.importFeed("north.yaml", feed("northwind", List.of(
                agreement("V1000001", "other.example", "ann@a.example", "en", List.of(keys.get(0))), changedSeats)));

        assertThat(report.rejections()).extracting(FeedRejection::reason).containsExactlyInAnyOrder(
                "customer.tenant cannot change (it is a.example)",
                "key …" + last5(keys.get(1)) + " is already registered with another product, seats or term");
        assertThat(app.count("select count(*) from product_key where seats = 25")).isEqualTo(2);
        assertThat(app.count("select count(*) from outbox_message")).isEqualTo(2);
    }

    @Test
    void importing_the_same_content_again_changes_nothing_and_queues_nothing() {
        List<String> agreements = new ArrayList<>();
        for (int i = 1; i <= 250; i++) {
            agreements.add(agreement("V" + (1_000_000 + i), "t" + i + ".example", "a" + i + "@t" + i + ".example", "en",
                    newKeys(1)));
        }
        String feed = feed("northwind", agreements);
        app.importFeed("north.yaml", feed);
        String before = app.text("select max(updated_at)::text from agreement");

        ImportReport again = app.importFeed("north.yaml", feed);

        assertThat(again.agreementsUnchanged()).isEqualTo(250);
        assertThat(again.agreementsNew() + again.agreementsChanged() + again.keysNew()).isZero();
        assertThat(again.rejections()).isEmpty();
        assertThat(app.count("select count(*) from outbox_message")).isEqualTo(250);
        assertThat(app.count("select count(*) from activation_link")).isEqualTo(250);
        assertThat(app.text("select max(updated_at)::text from agreement")).isEqualTo(before);
    }

    @Test
    void a_new_key_on_a_known_agreement_queues_one_link_for_that_key_only() {
        List<String> keys = newKeys(2);
        app.importFeed("north.yaml", feed("northwind", List.of(
                agreement("V1000001", "a.example", "ann@a.example", "en", List.of(keys.get(0))))));

        ImportReport report = app.importFeed("north.yaml", feed("northwind", List.of(
                agreement("V1000001", "a.example", "ann@a.example", "en", keys))));

        assertThat(report.agreementsChanged()).isEqualTo(1);
        assertThat(report.keysNew()).isEqualTo(1);
        assertThat(app.count("select count(*) from outbox_message where kind = 'activation_link'")).isEqualTo(2);
        long newest = app.count("select max(id) from activation_link");
        assertThat(app.count("select count(*) from activation_link_key where link_id = " + newest)).isEqualTo(1);
        assertThat(app.text("select k.last_five from activation_link_key lk join product_key k on k.id = lk.key_id"
                + " where lk.link_id = " + newest)).isEqualTo(last5(keys.get(1)));
    }

    @Test
    void a_changed_administrator_revokes_unused_links_and_the_new_one_gets_one_link_for_every_unused_key() {
        List<String> keys = newKeys(2);
        app.importFeed("north.yaml", feed("northwind", List.of(
                agreement("V1000001", "a.example", "ann@a.example", "en", List.of(keys.get(0))))));

        ImportReport report = app.importFeed("north.yaml", feed("northwind", List.of(
                agreement("V1000001", "a.example", "zoe@a.example", "nl", keys))));

        assertThat(report.agreementsChanged()).isEqualTo(1);
        assertThat(app.count("select count(*) from activation_link where revoked_at is not null")).isEqualTo(1);
        assertThat(app.text("select recipient_email from activation_link where revoked_at is null")).isEqualTo("zoe@a.example");
        assertThat(app.count("""
                select count(*) from activation_link_key lk join activation_link l on l.id = lk.link_id
                 where l.revoked_at is null""")).isEqualTo(2);
        assertThat(app.count("select count(*) from outbox_message where recipient_email = 'zoe@a.example' and locale = 'nl'"))
                .isEqualTo(1);
        // Issue 17: the previous administrator is told, once, in the agreement's language.
        assertThat(app.text("select string_agg(kind || ' ' || locale, ', ') from outbox_message where recipient_email = 'ann@a.example'"))
                .isEqualTo("activation_link en, administrator_replaced nl");
    }

    @Test
    void an_agreement_without_administrator_tells_the_notices_contact() {
        String noAdmin = "  - { number: V1000001, customer: { tenant: a.example, name: \"A NV\" }, noticesContact: legal@a.example,"
                + " locale: en, keys: [ { key: \"" + newKeys(1).get(0) + "\", product: \"" + PREMIUM
                + "\", seats: 25, termMonths: 12 } ] }";

        ImportReport report = app.importFeed("north.yaml", feed("northwind", List.of(noAdmin)));

        assertThat(report.rejections()).isEmpty();
        assertThat(app.count("select count(*) from activation_link")).isZero();
        assertThat(app.text("select kind || ' ' || recipient_email from outbox_message"))
                .isEqualTo("new_link_notice legal@a.example");
    }

    @Test
    void an_agreement_missing_from_a_later_feed_is_kept() {
        List<String> keys = newKeys(2);
        app.importFeed("north.yaml", feed("northwind", List.of(
                agreement("V1000001", "a.example", "ann@a.example", "en", List.of(keys.get(0))),
                agreement("V1000002", "b.example", "bob@b.example", "en", List.of(keys.get(1))))));

        ImportReport report = app.importFeed("north.yaml", feed("northwind", List.of(
                agreement("V1000001", "a.example", "ann@a.example", "en", List.of(keys.get(0))))));

        assertThat(report.missingFromFeed()).isEqualTo(1);
        assertThat(app.count("select count(*) from agreement")).isEqualTo(2);
        assertThat(app.count("select count(*) from product_key")).isEqualTo(2);
    }

    @Test
    void an_agreement_the_database_refuses_is_reported_and_the_rest_of_its_chunk_is_stored() {
        refuseInserts("agreement", "number", "V1000007", "refused for the test");
        List<String> agreements = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            agreements.add(agreement("V" + (1_000_000 + i), "t" + i + ".example", "a" + i + "@t" + i + ".example", "en",
                    newKeys(1)));
        }

        ImportReport report = app.importFeed("north.yaml", feed("northwind", agreements));

        assertThat(report.agreementsNew()).isEqualTo(19);
        assertThat(report.rejections()).extracting(FeedRejection::toString).containsExactly(
                app.dir.resolve("imports/north.yaml") + ":10: agreement V1000007: could not be stored (ERROR: refused for the test)");
        assertThat(app.count("select count(*) from agreement")).isEqualTo(19);
        assertThat(app.count("select count(*) from product_key")).isEqualTo(19);
        assertThat(app.count("select count(*) from activation_link")).isEqualTo(19);
        assertThat(app.count("select count(*) from outbox_message")).isEqualTo(19);
    }

    @Test
    void an_agreement_whose_email_row_is_refused_is_stored_not_at_all_and_the_rest_of_its_chunk_is_stored() {
        // Refused in the last table the writer fills (the outbox), after the agreement, key and link
        // rows of its chunk went in, and after the first rows of that COPY were sent (it sends every
        // 64 K characters): the agreement must leave nothing behind.
        refuseInserts("outbox_message", "agreement_number", "V1000150", "mail refused for the test");
        List<String> agreements = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            agreements.add(agreement("V" + (1_000_000 + i), "t" + i + ".example", "a" + i + "@t" + i + ".example", "en",
                    newKeys(1)));
        }

        ImportReport report = app.importFeed("north.yaml", feed("northwind", agreements));

        assertThat(report.agreementsNew()).isEqualTo(199);
        assertThat(report.rejections()).extracting(FeedRejection::toString).containsExactly(
                app.dir.resolve("imports/north.yaml") + ":153: agreement V1000150: could not be stored (ERROR: mail refused for the test)");
        for (String table : List.of("agreement where number", "product_key where agreement_number",
                "activation_link where agreement_number", "outbox_message where agreement_number")) {
            assertThat(app.count("select count(*) from " + table + " = 'V1000150'")).as(table).isZero();
            assertThat(app.count("select count(*) from " + table + " <> 'V1000150'")).as(table).isEqualTo(199);
        }
        assertThat(app.count("select count(*) from activation_link_key")).isEqualTo(199);
    }

    @Test
    void backslashes_and_copy_markers_in_feed_text_are_stored_as_written() {
        // Single-quoted YAML keeps backslashes as they are: the stored text holds COPY's own markers.
        String name = "M\u00fcller \\N \\t Back\\slash \\\\ \"quoted\"";
        String feed = "schema: 1\npartner: { id: northwind, name: \"northwind BV\" }\nagreements:\n"
                + "  - { number: V1000001, customer: { tenant: a.example, name: '" + name + "' },"
                + " onlineAdministrator: { name: '" + name + "', email: ann@a.example }, locale: nl,"
                + " keys: [ { key: \"" + newKeys(1).get(0) + "\", product: \"" + PREMIUM + "\", seats: 25, termMonths: 12 } ] }\n";

        ImportReport report = app.importFeed("north.yaml", feed);

        assertThat(report.rejections()).isEmpty();
        assertThat(app.text("select customer_name from agreement")).isEqualTo(name);
        assertThat(app.text("select admin_name from agreement")).isEqualTo(name);
        assertThat(app.text("select recipient_name from activation_link")).isEqualTo(name);
        assertThat(app.text("select recipient_name from outbox_message")).isEqualTo(name);
        assertThat(app.text("select payload ->> 'customerName' from outbox_message")).isEqualTo(name);
        assertThat(app.importFeed("north.yaml", feed).agreementsUnchanged()).isEqualTo(1);
    }

    private static String feed(String partner, List<String> agreements) {
        return "schema: 1\npartner: { id: " + partner + ", name: \"" + partner + " BV\" }\nagreements:\n"
                + String.join("\n", agreements) + "\n";
    }

    /** One agreement on one line (so agreement i of a feed is on line 3 + i). */
    private static String agreement(String number, String tenant, String admin, String locale, List<String> keys) {
        List<String> keyItems = new ArrayList<>();
        for (String key : keys) {
            keyItems.add("{ key: \"" + key + "\", product: \"" + PREMIUM + "\", seats: 25, termMonths: 12 }");
        }
        return "  - { number: " + number + ", customer: { tenant: " + tenant + ", name: \"Customer " + number
                + "\" }, onlineAdministrator: { name: \"Admin " + number + "\", email: " + admin + " }, locale: " + locale
                + ", keys: [ " + String.join(", ", keyItems) + " ] }";
    }

    private List<String> newKeys(int n) {
        String alphabet = "BCDFGHJKMPQRTVWXY2346789";
        List<String> keys = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < 25; i++) {
                if (i > 0 && i % 5 == 0) {
                    s.append('-');
                }
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            keys.add(s.toString());
        }
        return keys;
    }

    private static String last5(String key) {
        return key.substring(key.length() - 5);
    }

    /** Makes PostgreSQL refuse, with {@code message}, every insert into {@code table} whose {@code column} is {@code value}. */
    private void refuseInserts(String table, String column, String value, String message) {
        app.jdbi().useHandle(h -> {
            h.execute("""
                    create function refuse_%1$s() returns trigger language plpgsql as $$
                    begin
                      if new.%2$s = '%3$s' then raise exception '%4$s'; end if;
                      return new;
                    end $$""".formatted(table, column, value, message));
            h.execute("create trigger refuse_%1$s before insert on %1$s for each row execute function refuse_%1$s()"
                    .formatted(table));
        });
    }
}
