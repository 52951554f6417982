package io.activationworker.activation;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.testing.Browser;
import io.activationworker.testing.Feeds;
import io.activationworker.testing.Mails;
import io.activationworker.testing.TestApp;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An accept writes everything in one transaction (link, keys, subscriptions, redemptions,
 * acceptance, confirmation email and the session): all of it or none of it, and several keys on
 * one link apply one after another exactly as DESIGN.md's rules say.
 */
class AcceptTransactionIT {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    private TestApp app;

    @BeforeEach
    void start() {
        app = TestApp.start();
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void two_keys_of_one_product_on_one_link_create_the_subscription_then_extend_it() {
        app.importFeed("northwind.yaml", Feeds.agreement("Anna de Vries", "anna@fabrikam.example", Feeds.KEY_A,
                Feeds.KEY_B));
        String link = Mails.link(app.awaitMessages(1).get(0), app.baseUrl + "/activate/");

        Browser browser = new Browser(app.baseUrl);
        browser.get(link);
        assertThat(browser.post(link, Map.of("accept", "yes")).statusCode()).isEqualTo(303);

        assertThat(app.text("select seats || ' ' || start_date || ' ' || end_date || ' ' || state from subscription"))
                .isEqualTo("25 " + TODAY + " " + TODAY.plusMonths(24) + " active");
        long subscription = app.count("select id from subscription");
        assertThat(app.text("""
                select string_agg(concat_ws(' ', subscription_id = %d, coalesce(seats_before::text, '-'), seats_after,
                                            coalesce(end_before::text, '-'), end_after), ', ' order by key_id)
                  from key_redemption""".formatted(subscription)))
                .isEqualTo("t - 25 - " + TODAY.plusMonths(12) + ", t 25 25 " + TODAY.plusMonths(12) + " "
                        + TODAY.plusMonths(24));
        assertThat(app.text("select cardinality(key_ids)::text from acceptance")).isEqualTo("2");
        assertThat(app.count("select count(*) from product_key where state = 'redeemed'")).isEqualTo(2);
    }

    @Test
    void a_later_link_extends_the_subscription_an_earlier_accept_created() {
        app.importFeed("northwind.yaml", Feeds.agreement("Anna de Vries", "anna@fabrikam.example", Feeds.KEY_A));
        String first = Mails.link(app.awaitMessages(1).get(0), app.baseUrl + "/activate/");
        accept(first);
        app.importFeed("northwind.yaml", Feeds.agreement("Anna de Vries", "anna@fabrikam.example", Feeds.KEY_A,
                Feeds.KEY_B));
        String second = Mails.link(app.awaitMessages(3).stream()
                .filter(m -> Mails.text(m).contains("/activate/")).reduce((a, b) -> b).orElseThrow(),
                app.baseUrl + "/activate/");

        assertThat(accept(second).statusCode()).isEqualTo(303);

        assertThat(app.count("select count(*) from subscription")).isEqualTo(1);
        assertThat(app.text("select seats || ' ' || end_date from subscription"))
                .isEqualTo("25 " + TODAY.plusMonths(24));
        assertThat(app.text("""
                select concat_ws(' ', seats_before, end_before, end_after) from key_redemption
                 order by key_id desc limit 1"""))
                .isEqualTo("25 " + TODAY.plusMonths(12) + " " + TODAY.plusMonths(24));
    }

    private HttpResponse<String> accept(String link) {
        Browser browser = new Browser(app.baseUrl);
        browser.get(link);
        return browser.post(link, Map.of("accept", "yes"));
    }

    @Test
    void the_session_is_stored_with_the_activation_and_a_failed_accept_stores_neither() {
        app.importFeed("northwind.yaml", Feeds.standard());
        String link = Mails.link(app.awaitMessages(1).get(0), app.baseUrl + "/activate/");
        // The confirmation email is the last thing an accept writes before the session: make it fail.
        app.jdbi().useHandle(h -> h.execute("""
                create function refuse_confirmation() returns trigger language plpgsql as $$
                begin raise exception 'confirmation refused by the test'; end $$;
                create trigger refuse_confirmation before insert on outbox_message
                   for each row when (new.kind = 'activation_confirmation') execute function refuse_confirmation();
                """));
        Browser browser = new Browser(app.baseUrl);
        browser.get(link);

        HttpResponse<String> failed = browser.post(link, Map.of("accept", "yes"));

        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(app.count("select count(*) from activation_link where used_at is not null")).isZero();
        assertThat(app.count("select count(*) from product_key where state = 'redeemed'")).isZero();
        assertThat(app.count("select count(*) from subscription")).isZero();
        assertThat(app.count("select count(*) from key_redemption")).isZero();
        assertThat(app.count("select count(*) from acceptance")).isZero();
        assertThat(app.count("select count(*) from web_session")).isZero();

        app.jdbi().useHandle(h -> h.execute("drop trigger refuse_confirmation on outbox_message"));
        browser.get(link);
        HttpResponse<String> accepted = browser.post(link, Map.of("accept", "yes"));

        assertThat(accepted.statusCode()).isEqualTo(303);
        assertThat(app.text("""
                select s.admin_email from web_session s join acceptance a on a.link_id = s.notice_link_id"""))
                .isEqualTo("anna@fabrikam.example");
        assertThat(app.count("select count(*) from outbox_message where kind = 'activation_confirmation'"))
                .isEqualTo(1);
        assertThat(browser.get("/products").body()).contains(Feeds.PREMIUM, "25");
    }
}
