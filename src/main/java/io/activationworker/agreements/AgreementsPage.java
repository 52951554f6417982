package io.activationworker.agreements;

import io.activationworker.activation.AcceptOutcome;
import io.activationworker.activation.ActivateKeys;
import io.activationworker.activation.TermsText;
import io.activationworker.agreement.Agreement;
import io.activationworker.redemption.PortalPages;
import io.activationworker.signin.Sessions;
import io.activationworker.signin.WebSession;
import io.activationworker.web.PageRenderer;
import io.activationworker.web.Route;
import io.activationworker.web.WebRequest;
import io.activationworker.web.WebResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * {@code /agreements}: every agreement naming the signed-in administrator, pending and activated.
 * A pending one shows the emailed link's own page (facts, terms in the agreement's language,
 * accept box) and is accepted by {@link ActivateKeys} for each of its open links, so the
 * acceptance record, the result and the links' state are exactly those of the emailed link.
 */
final class AgreementsPage {

    private final YourAgreements agreements;
    private final PortalPages portal;
    private final ActivateKeys activateKeys;
    private final TermsText terms;
    private final Sessions sessions;
    private final Map<String, Object> termsHtml;

    AgreementsPage(YourAgreements agreements, PortalPages portal, ActivateKeys activateKeys, TermsText terms,
                   Sessions sessions) {
        this.agreements = agreements;
        this.portal = portal;
        this.activateKeys = activateKeys;
        this.terms = terms;
        this.sessions = sessions;
        PageRenderer pages = portal.renderer();
        this.termsHtml = Map.of("en", pages.escapedOnce(terms.forLocale("en").text()),
                "nl", pages.escapedOnce(terms.forLocale("nl").text()));
    }

    List<Route> routes() {
        return List.of(
                Route.get("/agreements", this::list),
                Route.get("/agreements/([A-Za-z0-9-]{1,40})", this::show),
                Route.post("/agreements/([A-Za-z0-9-]{1,40})/accept", this::accept),
                Route.get("/agreements/([A-Za-z0-9-]{1,40})/terms/([0-9]{1,18})", this::acceptedTerms));
    }

    private YourAgreements.View view(WebSession session) {
        return agreements.view(session.adminEmail());
    }

    private WebResponse list(WebRequest request, Matcher path) {
        return portal.signedIn(request, session -> {
            YourAgreements.View view = view(session);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Agreement a : view.agreements()) {
                Map<String, Object> row = facts(a);
                row.put("pending", products(view.pendingOf(a.number())));
                row.put("waitingWithoutLink", view.pendingOf(a.number()).stream().anyMatch(k -> k.linkId() == null));
                row.put("accepted", acceptances(view.acceptedOf(a.number())));
                rows.add(row);
            }
            return portal.page(request, session, "agreements", Map.of("agreements", rows), 200);
        });
    }

    private WebResponse show(WebRequest request, Matcher path) {
        return portal.signedIn(request, session -> {
            YourAgreements.View view = view(session);
            Agreement agreement = view.agreement(path.group(1)).orElse(null);
            if (agreement == null) {
                return notYours(request, session);
            }
            return details(request, session, view, agreement, false);
        });
    }

    private WebResponse details(WebRequest request, WebSession session, YourAgreements.View view, Agreement agreement,
                                boolean mustTick) {
        List<PortalAgreementDao.PendingKey> open = view.pendingOf(agreement.number()).stream()
                .filter(k -> k.linkId() != null).toList();
        Map<String, Object> model = facts(agreement);
        model.put("accepted", acceptances(view.acceptedOf(agreement.number())));
        model.put("waitingWithoutLink", view.pendingOf(agreement.number()).stream().anyMatch(k -> k.linkId() == null));
        if (open.isEmpty()) {
            return portal.page(request, session, "agreement", model, 200);
        }
        // The emailed link's page, in the agreement's language: the terms shown are the terms recorded.
        model.put("products", products(open));
        model.put("expires", open.stream().map(PortalAgreementDao.PendingKey::expiresAt).min(Comparator.naturalOrder())
                .orElseThrow().toString());
        model.put("termsText", termsHtml.getOrDefault(agreement.locale(), termsHtml.get("en")));
        model.put("termsVersion", terms.forLocale(agreement.locale()).version());
        model.put("mustTick", mustTick);
        model.put("formAction", "/agreements/" + agreement.number() + "/accept");
        return portal.page(request, session, agreement.locale(), "activate", model, mustTick ? 400 : 200);
    }

    private WebResponse accept(WebRequest request, Matcher path) {
        return portal.signedIn(request, session -> {
            portal.checkForm(request, session);
            YourAgreements.View view = view(session);
            Agreement agreement = view.agreement(path.group(1)).orElse(null);
            if (agreement == null) {
                return notYours(request, session);
            }
            if (!request.form("accept").map("yes"::equals).orElse(false)) {
                return details(request, session, view, agreement, true);
            }
            Set<ByteKey> links = new LinkedHashSet<>();
            view.pendingOf(agreement.number()).stream().filter(k -> k.tokenHash() != null)
                    .forEach(k -> links.add(new ByteKey(k.tokenHash())));
            WebResponse response = WebResponse.seeOther("/agreements/" + agreement.number());
            for (ByteKey link : links) {
                Optional<AcceptOutcome> outcome = activateKeys.accept(link.bytes(), Optional.empty(), request.clientAddress(),
                        request.userAgent());
                if (outcome.orElse(null) instanceof AcceptOutcome.Activated a) {
                    // The accept's own session, as the emailed link starts it: Your products then shows what changed.
                    response = WebResponse.seeOther("/products").cookie(sessions.cookie(a.session()));
                }
            }
            return response;
        });
    }

    private WebResponse acceptedTerms(WebRequest request, Matcher path) {
        return portal.signedIn(request, session -> {
            YourAgreements.View view = view(session);
            Agreement agreement = view.agreement(path.group(1)).orElse(null);
            long id = Long.parseLong(path.group(2));
            Optional<PortalAgreementDao.Accepted> accepted = agreement == null ? Optional.empty()
                    : view.acceptedOf(agreement.number()).stream().filter(c -> c.id() == id).findFirst();
            if (accepted.isEmpty()) {
                return notYours(request, session);
            }
            Map<String, Object> model = facts(agreement);
            model.put("acceptance", acceptances(List.of(accepted.get())).get(0));
            agreements.keptTerms(accepted.get().termsSha256())
                    .ifPresent(kept -> model.put("termsText", portal.renderer().escapedOnce(kept.text())));
            return portal.page(request, session, "agreement_terms", model, 200);
        });
    }

    private WebResponse notYours(WebRequest request, WebSession session) {
        return portal.page(request, session, "agreement_not_yours", Map.of(), 403);
    }

    private static Map<String, Object> facts(Agreement a) {
        Map<String, Object> model = new HashMap<>();
        model.put("agreementNumber", a.number());
        model.put("customerName", a.customerName());
        model.put("tenant", a.tenantId());
        model.put("partnerName", a.partnerName());
        model.put("adminName", a.adminName() == null ? "" : a.adminName());
        model.put("adminEmail", a.adminEmail());
        return model;
    }

    private static List<Map<String, Object>> products(List<PortalAgreementDao.PendingKey> keys) {
        return keys.stream().map(k -> Map.<String, Object>of("product", k.product(), "seats", k.seats(),
                "termMonths", k.termMonths())).toList();
    }

    private static List<Map<String, Object>> acceptances(List<PortalAgreementDao.Accepted> accepted) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (PortalAgreementDao.Accepted c : accepted) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", c.id());
            row.put("acceptedAt", c.acceptedAt().toString());
            row.put("by", c.adminEmail());
            row.put("termsVersion", c.termsVersion());
            row.put("termsSha256", c.termsSha256());
            row.put("products", c.products() == null ? "" : c.products());
            rows.add(row);
        }
        return rows;
    }

    /** A token hash as a set member (arrays compare by identity). */
    private record ByteKey(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ByteKey k && java.util.Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(bytes);
        }
    }
}
