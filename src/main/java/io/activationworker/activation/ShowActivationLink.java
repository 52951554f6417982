package io.activationworker.activation;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * What the pages of an emailed link show: the link with its agreement and products (one query,
 * found by the token's hash), and what an accepted link activated. Reads only: mail scanners
 * open links before people do.
 */
final class ShowActivationLink {

    private final ActivationPageDao pageDao;
    private final Jdbi jdbi;

    ShowActivationLink(ActivationPageDao pageDao, Jdbi jdbi) {
        this.pageDao = pageDao;
        this.jdbi = jdbi;
    }

    Optional<ActivationPageDao.LinkPage> find(byte[] tokenHash) {
        return pageDao.findByTokenHash(tokenHash);
    }

    List<ActivatedProduct> activatedProducts(long linkId) {
        return jdbi.withExtension(AcceptanceDao.class, dao -> dao.activatedProducts(linkId));
    }
}
