package io.activationworker.activation;

import io.activationworker.agreement.Agreement;
import io.activationworker.db.Jdbc;
import io.activationworker.outbox.Outbox;
import io.activationworker.signin.Sessions;
import io.activationworker.subscription.Subscription;
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

/**
 * The statements of one accept, on the caller's connection and transaction: two statements and
 * the commit whatever the number of keys. Plain JDBC rather than Jdbi SqlObjects: attaching nine DAOs and
 * Jdbi's per-statement set-up were three quarters of an accept's JVM time (bench/NOTES.md).
 *
 * <p>The acceptance, the confirmation email and the new session are written here, not through
 * their own DAOs, so that all of an accept is one statement after the locks and one commit.
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
            select a.number, a.partner_id, p.name, a.tenant_id, a.customer_name, a.admin_name, a.admin_email,
                   a.notices_contact, a.locale, a.fingerprint,
                   lk.key_id, k.product, k.seats, k.term_months, k.last_five, r.id is not null,
                   l.id, l.recipient_email, l.recipient_name, l.created_at, l.expires_at, l.used_at,
                   s.id, s.tenant_id, s.customer_name, s.product, s.seats, s.start_date, s.end_date, s.state,
                   p.contact
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
    private static final String FIND_LINK = "select " + ActivationLinkDao.COLUMNS
            + ", coalesce(used_by_client = ?, false) from activation_link where token_hash = ?";

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
            ), accepted as (
                insert into acceptance (link_id, agreement_number, admin_email, terms_version, terms_sha256,
                                        accepted_at, remote_address, user_agent, key_ids)
                values (?, ?, ?, ?, ?, ?, ?, ?, cast(? as bigint[]))
            ), confirmation as (
                insert into outbox_message
                    (message_id, kind, recipient_email, recipient_name, locale, payload, agreement_number)
                values (?, ?, ?, ?, ?, cast(? as jsonb), ?)
            )
            insert into web_session (id_hash, admin_email, created_at, last_seen_at, expires_at, notice_link_id)
            values (?, ?, ?, ?, ?, ?)
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
                      AcceptRequest request, long[] keyIds, Outbox.Row confirmation,
                      Sessions.NewSession session) {
    }

    /**
     * Marks the link used (by the browser whose pre-session cookie hashes to {@code clientHash},
     * null when it sent none) and redeems its unused keys; empty when the link was not open (used,
     * revoked, expired).
     */
    Optional<UsedLink> useLinkAndRedeemKeys(Connection c, byte[] tokenHash, byte[] clientHash, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(USE_LINK_AND_REDEEM_KEYS)) {
            Jdbc.setInstant(ps, 1, now);
            ps.setBytes(2, clientHash);
            ps.setBytes(3, tokenHash);
            Jdbc.setInstant(ps, 4, now);
            Jdbc.setInstant(ps, 5, now);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Agreement agreement = new Agreement(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                        rs.getString(10), rs.getString(31));
                ActivationLink link = new ActivationLink(rs.getLong(17), agreement.number(), rs.getString(18),
                        rs.getString(19), Jdbc.instant(rs, 20), Jdbc.instant(rs, 21), Jdbc.instant(rs, 22), null);
                List<LinkKey> keys = new ArrayList<>(1);
                Map<String, Subscription> locked = new TreeMap<>();
                do {
                    long keyId = rs.getLong(11);
                    if (!rs.wasNull()) {
                        keys.add(new LinkKey(keyId, rs.getString(12), rs.getInt(13), rs.getInt(14), rs.getString(15),
                                rs.getBoolean(16)));
                    }
                    long subscriptionId = rs.getLong(23);
                    if (!rs.wasNull()) {
                        locked.put(rs.getString(26), new Subscription(subscriptionId, rs.getString(24),
                                rs.getString(25), rs.getString(26), rs.getInt(27), Jdbc.date(rs, 28),
                                Jdbc.date(rs, 29), rs.getString(30)));
                    }
                } while (rs.next());
                return Optional.of(new UsedLink(link, agreement, keys, locked));
            }
        }
    }

    /** A link found as it is, and whether {@code clientHash} (null: none) is the browser that used it. */
    record FoundLink(ActivationLink link, boolean usedBySameClient) {
    }

    Optional<FoundLink> findLink(Connection c, byte[] tokenHash, byte[] clientHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(FIND_LINK)) {
            ps.setBytes(1, clientHash);
            ps.setBytes(2, tokenHash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new FoundLink(new ActivationLink(rs.getLong(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), Jdbc.instant(rs, 5), Jdbc.instant(rs, 6), Jdbc.instant(rs, 7),
                                Jdbc.instant(rs, 8)), rs.getBoolean(9)))
                        : Optional.empty();
            }
        }
    }

    void record(Connection c, Acceptance a) throws SQLException {
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
            // confirmation
            Outbox.Row m = a.confirmation();
            ps.setString(++i, m.messageId());
            ps.setString(++i, m.kind());
            ps.setString(++i, m.recipientEmail());
            ps.setString(++i, m.recipientName());
            ps.setString(++i, m.locale());
            ps.setString(++i, m.payloadJson());
            ps.setString(++i, m.agreementNumber());
            // session
            Sessions.NewSession s = a.session();
            ps.setBytes(++i, s.idHash());
            ps.setString(++i, s.adminEmail());
            Jdbc.setInstant(ps, ++i, s.createdAt());
            Jdbc.setInstant(ps, ++i, s.createdAt());
            Jdbc.setInstant(ps, ++i, s.expiresAt());
            ps.setLong(++i, a.linkId());
            ps.executeUpdate();
        }
    }

    private static String text(LocalDate date) {
        return date == null ? null : date.toString();
    }
}
