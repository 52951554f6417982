package io.activationworker.activation;

import io.activationworker.agreement.Agreement;
import io.activationworker.db.Jdbc;
import io.activationworker.db.StatementFailed;
import io.activationworker.subscription.Subscription;
import io.activationworker.subscription.SubscriptionState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * The statements of one accept, on the caller's handle and transaction: two statements whatever
 * the number of keys. Plain JDBC on the handle's connection rather than Jdbi SqlObjects: attaching
 * nine DAOs and Jdbi's per-statement set-up were three quarters of an accept's JVM time
 * (bench/NOTES.md). Rows are read by column name.
 *
 * <p>The subscriptions, key redemptions and the acceptance are written by one statement; the
 * confirmation email and the new session go through their tables' one write path
 * ({@code Outbox.enqueue}, {@code Sessions.store}) on the same transaction.
 */
final class AcceptDao {

    /**
     * open → used and its keys unused → redeemed, in one statement, found by the token's hash (the
     * accept needs no read before it). Updating the link row first locks it: a concurrent accept of
     * the same link waits here, then finds it used and changes nothing. A key already redeemed some
     * other way is returned with {@code redeemed = false}. The link's sealed token copy is erased in
     * the same statement (it exists only for the reminder of an open link), and the accepting
     * browser's pre-session hash is kept so that its own double click is recognised.
     *
     * <p>The same statement locks the tenant's subscriptions for the products of the keys it
     * redeemed, in product order, so concurrent activations for a tenant wait rather than deadlock,
     * and returns each with its keys' rows (a round trip fewer than a statement of its own: a
     * third of an accept's time in the JVM was round trips to PostgreSQL, bench/NOTES.md §22).
     */
    private static final String USE_LINK_AND_REDEEM_KEYS = """
            with link as (
                update activation_link set used_at = ?, used_by_client = ?, token_sealed = null
                 where token_hash = ? and used_at is null and revoked_at is null and expires_at > ?
                returning id, agreement_number, recipient_email, recipient_name, created_at, expires_at, used_at
            ), redeemed as (
                update product_key k set state = 'redeemed', redeemed_at = ?
                  from activation_link_key lk
                 where lk.link_id = (select id from link) and k.id = lk.key_id and k.state = 'unused'
                returning k.id, k.product
            ), locked as materialized (
                select s.id, s.tenant_id, s.customer_name, s.product, s.seats, s.start_date, s.end_date, s.state
                  from subscription s
                 where s.tenant_id = (select a.tenant_id from agreement a join link l on a.number = l.agreement_number)
                   and s.product in (select product from redeemed)
                 order by s.product
                   for update
            )
            select a.number as agreement_number, a.partner_id, p.name as partner_name, a.tenant_id, a.customer_name,
                   a.admin_name, a.admin_email, a.notices_contact, a.locale, a.fingerprint, p.contact as partner_contact,
                   lk.key_id, k.product as key_product, k.seats as key_seats, k.term_months, k.last_five,
                   r.id is not null as redeemed_now,
                   l.id as link_id, l.recipient_email, l.recipient_name, l.created_at as link_created_at,
                   l.expires_at as link_expires_at, l.used_at as link_used_at,
                   s.id as subscription_id, s.tenant_id as subscription_tenant_id,
                   s.customer_name as subscription_customer_name, s.product as subscription_product,
                   s.seats as subscription_seats, s.start_date, s.end_date, s.state as subscription_state
              from link l
              join agreement a on a.number = l.agreement_number
              join partner p on p.id = a.partner_id
              left join activation_link_key lk on lk.link_id = l.id
              left join product_key k on k.id = lk.key_id
              left join redeemed r on r.id = lk.key_id
              left join locked s on s.product = k.product and r.id is not null
             order by lk.key_id
            """;

    /** The link as it is, and whether the browser asking now is the one that used it. */
    private static final String FIND_LINK = """
            select id, agreement_number, recipient_email, recipient_name, created_at, expires_at, used_at, revoked_at,
                   coalesce(used_by_client = ?, false) as used_by_same_client
              from activation_link
             where token_hash = ?
            """;

    /**
     * Everything an accept writes once the keys are redeemed. The arrays are parallel per
     * subscription created, per subscription changed and per redeemed key; a key for a
     * subscription created here names its product instead of an id.
     */
    private static final String RECORD_ACCEPTANCE = """
            with created as (
                insert into subscription (tenant_id, customer_name, product, seats, start_date, end_date, state)
                select ?, ?, n.product, n.seats, ?, n.end_date, 'active'
                  from unnest(cast(? as text[]), cast(? as int[]), cast(? as date[])) as n(product, seats, end_date)
                returning id, product
            ), changed as (
                update subscription s set seats = u.seats, end_date = u.end_date, state = 'active', updated_at = now()
                  from unnest(cast(? as bigint[]), cast(? as int[]), cast(? as date[])) as u(id, seats, end_date)
                 where s.id = u.id
            ), redemption as (
                insert into key_redemption (key_id, subscription_id, action, admin_email, seats_before, seats_after,
                                            end_before, end_after, redeemed_at)
                select r.key_id, coalesce(r.subscription_id, c.id), 'activate', ?, r.seats_before, r.seats_after,
                       r.end_before, r.end_after, ?
                  from unnest(cast(? as bigint[]), cast(? as bigint[]), cast(? as text[]), cast(? as int[]),
                              cast(? as int[]), cast(? as date[]), cast(? as date[]))
                       as r(key_id, subscription_id, product, seats_before, seats_after, end_before, end_after)
                  left join created c on r.subscription_id is null and c.product = r.product
            )
            insert into acceptance (link_id, agreement_number, admin_email, terms_version, terms_sha256,
                                    accepted_at, remote_address, user_agent, key_ids)
            values (?, ?, ?, ?, ?, ?, ?, ?, cast(? as bigint[]))
            """;

    /** A key of the link just used: redeemed now, or found redeemed already. */
    record LinkKey(long id, String product, int seats, int termMonths, String lastFive, boolean redeemed) {
    }

    /**
     * The link just marked used, with its agreement as stored now, every key of the link, and the
     * tenant's subscriptions (locked) for the products of the keys redeemed now, by product.
     */
    record UsedLink(ActivationLink link, Agreement agreement, List<LinkKey> keys, Map<String, Subscription> locked) {
    }

    /** A subscription a key created or changed, and what the key did to it. */
    record Redemption(long keyId, Long subscriptionId, String product, Integer seatsBefore, int seatsAfter,
                      LocalDate endBefore, LocalDate endAfter) {
    }

    /** The values written by {@link #record}; {@code created} and {@code changed} hold the final state per subscription. */
    record Acceptance(long linkId, Agreement agreement, String adminEmail, Instant now, LocalDate today,
                      List<Subscription> created, List<Subscription> changed, List<Redemption> redemptions,
                      AcceptRequest request, long[] keyIds) {
    }

    /**
     * Marks the link used (by the browser whose pre-session cookie hashes to {@code clientHash},
     * null when it sent none) and redeems its unused keys; empty when the link was not open (used,
     * revoked, expired).
     */
    Optional<UsedLink> useLinkAndRedeemKeys(Handle h, byte[] tokenHash, byte[] clientHash, Instant now) {
        try (PreparedStatement ps = h.getConnection().prepareStatement(USE_LINK_AND_REDEEM_KEYS)) {
            Jdbc.setInstant(ps, 1, now);
            ps.setBytes(2, clientHash);
            ps.setBytes(3, tokenHash);
            Jdbc.setInstant(ps, 4, now);
            Jdbc.setInstant(ps, 5, now);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Agreement agreement = new Agreement(rs.getString("agreement_number"), rs.getString("partner_id"),
                        rs.getString("partner_name"), rs.getString("tenant_id"), rs.getString("customer_name"),
                        rs.getString("admin_name"), rs.getString("admin_email"), rs.getString("notices_contact"),
                        rs.getString("locale"), rs.getString("fingerprint"), rs.getString("partner_contact"));
                ActivationLink link = new ActivationLink(rs.getLong("link_id"), agreement.number(),
                        rs.getString("recipient_email"), rs.getString("recipient_name"),
                        Jdbc.instant(rs, "link_created_at"), Jdbc.instant(rs, "link_expires_at"),
                        Jdbc.instant(rs, "link_used_at"), null);
                List<LinkKey> keys = new ArrayList<>(1);
                Map<String, Subscription> locked = new TreeMap<>();
                do {
                    long keyId = rs.getLong("key_id");
                    if (!rs.wasNull()) {
                        keys.add(new LinkKey(keyId, rs.getString("key_product"), rs.getInt("key_seats"),
                                rs.getInt("term_months"), rs.getString("last_five"), rs.getBoolean("redeemed_now")));
                    }
                    long subscriptionId = rs.getLong("subscription_id");
                    if (!rs.wasNull()) {
                        locked.put(rs.getString("subscription_product"), new Subscription(subscriptionId,
                                rs.getString("subscription_tenant_id"), rs.getString("subscription_customer_name"),
                                rs.getString("subscription_product"), rs.getInt("subscription_seats"),
                                Jdbc.date(rs, "start_date"), Jdbc.date(rs, "end_date"),
                                SubscriptionState.valueOf(rs.getString("subscription_state"))));
                    }
                } while (rs.next());
                return Optional.of(new UsedLink(link, agreement, keys, locked));
            }
        } catch (SQLException e) {
            throw new StatementFailed("marking an activation link used", e);
        }
    }

    /** A link found as it is, and whether {@code clientHash} (null: none) is the browser that used it. */
    record FoundLink(ActivationLink link, boolean usedBySameClient) {
    }

    Optional<FoundLink> findLink(Handle h, byte[] tokenHash, byte[] clientHash) {
        try (PreparedStatement ps = h.getConnection().prepareStatement(FIND_LINK)) {
            ps.setBytes(1, clientHash);
            ps.setBytes(2, tokenHash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new FoundLink(new ActivationLink(rs.getLong("id"), rs.getString("agreement_number"),
                                rs.getString("recipient_email"), rs.getString("recipient_name"),
                                Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "expires_at"),
                                Jdbc.instant(rs, "used_at"), Jdbc.instant(rs, "revoked_at")),
                                rs.getBoolean("used_by_same_client")))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StatementFailed("finding an activation link", e);
        }
    }

    void record(Handle h, Acceptance a) {
        Connection c = h.getConnection();
        try (PreparedStatement ps = c.prepareStatement(RECORD_ACCEPTANCE)) {
            int i = 0;
            // created
            ps.setString(++i, a.agreement().tenantId());
            ps.setString(++i, a.agreement().customerName());
            ps.setObject(++i, a.today());
            ps.setArray(++i, c.createArrayOf("text", a.created().stream().map(Subscription::product).toArray(String[]::new)));
            ps.setArray(++i, c.createArrayOf("int4", a.created().stream().map(Subscription::seats).toArray(Integer[]::new)));
            ps.setArray(++i, c.createArrayOf("text", a.created().stream().map(s -> s.endDate().toString()).toArray(String[]::new)));
            // changed
            ps.setArray(++i, c.createArrayOf("int8", a.changed().stream().map(Subscription::id).toArray(Long[]::new)));
            ps.setArray(++i, c.createArrayOf("int4", a.changed().stream().map(Subscription::seats).toArray(Integer[]::new)));
            ps.setArray(++i, c.createArrayOf("text", a.changed().stream().map(s -> s.endDate().toString()).toArray(String[]::new)));
            // redemption
            ps.setString(++i, a.adminEmail());
            Jdbc.setInstant(ps, ++i, a.now());
            List<Redemption> r = a.redemptions();
            ps.setArray(++i, c.createArrayOf("int8", r.stream().map(Redemption::keyId).toArray(Long[]::new)));
            ps.setArray(++i, c.createArrayOf("int8", r.stream().map(Redemption::subscriptionId).toArray(Long[]::new)));
            ps.setArray(++i, c.createArrayOf("text", r.stream().map(Redemption::product).toArray(String[]::new)));
            ps.setArray(++i, c.createArrayOf("int4", r.stream().map(Redemption::seatsBefore).toArray(Integer[]::new)));
            ps.setArray(++i, c.createArrayOf("int4", r.stream().map(Redemption::seatsAfter).toArray(Integer[]::new)));
            ps.setArray(++i, c.createArrayOf("text", r.stream().map(x -> text(x.endBefore())).toArray(String[]::new)));
            ps.setArray(++i, c.createArrayOf("text", r.stream().map(x -> text(x.endAfter())).toArray(String[]::new)));
            // accepted
            ps.setLong(++i, a.linkId());
            ps.setString(++i, a.agreement().number());
            ps.setString(++i, a.adminEmail());
            ps.setString(++i, a.request().termsVersion());
            ps.setString(++i, a.request().termsSha256());
            Jdbc.setInstant(ps, ++i, a.now());
            ps.setString(++i, a.request().clientAddress());
            ps.setString(++i, a.request().userAgent());
            ps.setArray(++i, c.createArrayOf("int8", Arrays.stream(a.keyIds()).boxed().toArray(Long[]::new)));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StatementFailed("recording an acceptance", e);
        }
    }

    private static String text(LocalDate date) {
        return date == null ? null : date.toString();
    }
}
