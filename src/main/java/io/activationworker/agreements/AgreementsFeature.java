package io.activationworker.agreements;

import io.activationworker.activation.ActivateKeys;
import io.activationworker.activation.TermsText;
import io.activationworker.redemption.PortalPages;
import io.activationworker.signin.Sessions;
import io.activationworker.web.Route;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Wires the Agreements pages (issue 15): accepted through the emailed link's use case and terms. */
public final class AgreementsFeature {

    private final AgreementsPage page;

    /** Keeps the terms shown now (their exact text stays readable from each acceptance). */
    public AgreementsFeature(Jdbi jdbi, Clock clock, PortalPages portal, ActivateKeys activateKeys, TermsText terms,
                             Sessions sessions) {
        YourAgreements agreements = new YourAgreements(jdbi, clock);
        agreements.keepShownTerms(terms);
        this.page = new AgreementsPage(agreements, portal, activateKeys, terms, sessions);
    }

    /** {@code /agreements}, one agreement, its accept and the terms each acceptance recorded. */
    public List<Route> routes() {
        return page.routes();
    }
}
