package io.activationworker.activation;

import io.activationworker.agreement.Agreement;
import io.activationworker.db.Jdbc;
import io.activationworker.db.StatementFailed;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The read behind {@code /activate/{token}}, the busiest page (mail scanners and people open
 * every link, each a different one, so nothing is worth caching): the link, its agreement and
 * the products it activates, in one query.
 *
 * <p>Plain JDBC rather than a Jdbi SqlObject on purpose: Jdbi's per-statement machinery
 * (extension invocation, config copies, mapper and argument lookups) was most of the JVM time of
 * a page view (bench/NOTES.md). The driver still prepares the statement on the server once per
 * connection and reuses it. Public because bench/ (a build of its own) runs this very statement as
 * the GET scenario's baseline (PageQueryLoad).
 */
public final class ActivationPageDao {

    private static final String FIND_BY_TOKEN_HASH = """
            select l.id, l.agreement_number, l.recipient_email, l.recipient_name, l.created_at, l.expires_at,
                   l.used_at, l.revoked_at,
                   a.partner_id, p.name, a.tenant_id, a.customer_name, a.admin_name, a.admin_email,
                   a.notices_contact, a.locale, a.fingerprint,
                   k.product, k.seats, k.term_months, p.contact
              from activation_link l
              join agreement a on a.number = l.agreement_number
              join partner p on p.id = a.partner_id
              left join activation_link_key lk on lk.link_id = l.id
              left join product_key k on k.id = lk.key_id
             where l.token_hash = ?
             order by k.id
            """;

    /** A product the link activates, as the page lists it. */
    public record Product(String product, int seats, int termMonths) {
    }

    /** Everything the page shows about one link. */
    public record LinkPage(ActivationLink link, Agreement agreement, List<Product> products) {
    }

    private final DataSource dataSource;

    public ActivationPageDao(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<LinkPage> findByTokenHash(byte[] tokenHash) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(FIND_BY_TOKEN_HASH)) {
            ps.setBytes(1, tokenHash);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                ActivationLink link = new ActivationLink(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), Jdbc.instant(rs, 5), Jdbc.instant(rs, 6), Jdbc.instant(rs, 7),
                        Jdbc.instant(rs, 8));
                Agreement agreement = new Agreement(link.agreementNumber(), rs.getString(9), rs.getString(10),
                        rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15),
                        rs.getString(16), rs.getString(17), rs.getString(21));
                List<Product> products = new ArrayList<>(1);
                do {
                    if (rs.getString(18) != null) {
                        products.add(new Product(rs.getString(18), rs.getInt(19), rs.getInt(20)));
                    }
                } while (rs.next());
                return Optional.of(new LinkPage(link, agreement, List.copyOf(products)));
            }
        } catch (SQLException e) {
            throw new StatementFailed("reading the activation link", e);
        }
    }
}
