package io.activationworker.activation;

import io.activationworker.agreement.Agreement;
import io.activationworker.agreement.AgreementDao;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * The reads behind {@code /activate/{token}}, the busiest page (mail scanners and people open
 * every link). Kept apart from the table DAOs on purpose: Jdbi prepares every method of an
 * interface each time one is attached, so a page view attaches this small one once.
 */
@RegisterConstructorMapper(ActivationLink.class)
@RegisterConstructorMapper(Agreement.class)
@RegisterConstructorMapper(ActivationPageDao.Product.class)
public interface ActivationPageDao {

    /** A product the link activates, as the page lists it. */
    record Product(String product, int seats, int termMonths) {
    }

    @SqlQuery("select " + ActivationLinkDao.COLUMNS + " from activation_link where token_hash = :tokenHash")
    Optional<ActivationLink> findLinkByTokenHash(@Bind("tokenHash") byte[] tokenHash);

    @SqlQuery("select " + AgreementDao.COLUMNS + " from agreement a join partner p on p.id = a.partner_id where a.number = :number")
    Optional<Agreement> findAgreement(@Bind("number") String number);

    @SqlQuery("""
            select k.product, k.seats, k.term_months
              from activation_link_key lk join product_key k on k.id = lk.key_id
             where lk.link_id = :linkId
             order by k.id
            """)
    List<Product> productsOfLink(@Bind("linkId") long linkId);
}
