package io.activationworker.activation;

import io.activationworker.agreement.Agreement;
import io.activationworker.db.CopyRows;
import io.activationworker.key.StoredKey;
import io.activationworker.key.TokenSealer;
import io.activationworker.key.Tokens;
import io.activationworker.mail.MessageKind;
import io.activationworker.outbox.Outbox;
import io.activationworker.outbox.OutboxRenderer;
import io.activationworker.outbox.Recipient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues activation links: a new token for some open keys of one agreement, and the email that
 * carries it, queued on the caller's transaction. When the agreement has no online administrator
 * yet, the notices contact is told whom to designate instead.
 */
public final class ActivationLinks {

    private static final Logger log = LoggerFactory.getLogger(ActivationLinks.class);

    private final Tokens tokens;
    private final TokenSealer sealer;
    private final Outbox outbox;
    private final Clock clock;
    private final Duration ttl;
    private final String baseUrl;

    public ActivationLinks(Tokens tokens, TokenSealer sealer, Outbox outbox, Clock clock, Duration ttl, String baseUrl) {
        this.tokens = tokens;
        this.sealer = sealer;
        this.outbox = outbox;
        this.clock = clock;
        this.ttl = ttl;
        this.baseUrl = baseUrl;
    }

    /** A link for these open keys of one agreement (or the notice to its contact), on the caller's handle. */
    public void issue(Handle handle, Agreement agreement, List<StoredKey> keys) {
        issueAll(handle, List.of(new Issue(agreement, keys)));
    }

    /** Some open keys of one agreement, to be sent one link (see {@link #issueAll}). */
    public record Issue(Agreement agreement, List<StoredKey> keys) {
    }

    /**
     * {@link #issue} for many agreements at once, with one COPY per table on the caller's handle
     * (link ids are taken from the sequence first): what a feed import of thousands of agreements
     * needs.
     */
    public void issueAll(Handle handle, List<Issue> issues) {
        Instant now = clock.instant();
        Instant expires = now.plus(ttl);
        List<Issue> withLinks = new ArrayList<>();
        List<Outbox.Queued> mails = new ArrayList<>();
        for (Issue issue : issues) {
            if (issue.keys().isEmpty()) {
                continue;
            }
            if (issue.agreement().administratorEmail().isPresent()) {
                withLinks.add(issue);
            } else {
                Agreement a = issue.agreement();
                mails.add(new Outbox.Queued(MessageKind.NEW_LINK_NOTICE, Recipient.of(a.noticesContact(), null),
                        a.locale(), noticeModel(a, issue.keys()), a.number()));
            }
        }
        if (!withLinks.isEmpty()) {
            ActivationLinkDao linkDao = handle.attach(ActivationLinkDao.class);
            List<Long> linkIds = linkDao.reserveIds(withLinks.size());
            String[] tokens = new String[withLinks.size()];
            // One COPY at a time per connection: the links, then their keys, then (below) the emails.
            try (CopyRows links = linkDao.startCopy()) {
                for (int i = 0; i < withLinks.size(); i++) {
                    Agreement a = withLinks.get(i).agreement();
                    tokens[i] = this.tokens.newToken();
                    links.number(linkIds.get(i)).bytes(Tokens.hashOf(tokens[i]).orElseThrow())
                            .text(sealer.seal(tokens[i])).text(a.number()).text(a.adminEmail()).text(a.adminName())
                            .instant(now).instant(expires)
                            .endRow();
                }
                links.finish();
            }
            try (CopyRows linkKeys = linkDao.startCopyOfKeys()) {
                for (int i = 0; i < withLinks.size(); i++) {
                    for (StoredKey k : withLinks.get(i).keys()) {
                        linkKeys.number(linkIds.get(i)).number(k.id()).endRow();
                    }
                }
                linkKeys.finish();
            }
            for (int i = 0; i < withLinks.size(); i++) {
                Issue issue = withLinks.get(i);
                Agreement a = issue.agreement();
                mails.add(new Outbox.Queued(MessageKind.ACTIVATION_LINK, Recipient.of(a.adminEmail(), a.adminName()),
                        a.locale(), linkModel(a, issue.keys(), tokens[i], expires), a.number()));
                log.debug("event=activation_link_issued agreement={} link_id={} keys={}", a.number(), linkIds.get(i),
                        issue.keys().size());
            }
        }
        outbox.enqueueAll(handle, mails);
        log.info("event=activation_links_issued links={} notices_contacts_told={}", withLinks.size(),
                mails.size() - withLinks.size());
    }

    /** An agreement whose feed named a different online administrator: as stored before, and as now. */
    public record Replaced(Agreement previous, Agreement current) {
    }

    /**
     * Tells each previous administrator, in a short mail, that they no longer administer the
     * agreement (their links stop working; without a word they would only find out by a dead
     * link). Nobody is told when the agreement named no administrator before.
     */
    public void tellReplacedAdministrators(Handle handle, List<Replaced> replaced) {
        List<Outbox.Queued> mails = new ArrayList<>();
        for (Replaced r : replaced) {
            Agreement before = r.previous();
            if (before.administratorEmail().isEmpty()) {
                continue;
            }
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("adminName", before.adminName());
            model.put("agreementNumber", r.current().number());
            model.put("customerName", r.current().customerName());
            model.put("partnerName", r.current().partnerName());
            mails.add(new Outbox.Queued(MessageKind.ADMINISTRATOR_REPLACED,
                    Recipient.of(before.adminEmail(), before.adminName()), r.current().locale(), model,
                    r.current().number()));
        }
        outbox.enqueueAll(handle, mails);
    }

    /** The reminder for a link still unanswered: the same facts, the same link, a new message. */
    public void remind(Handle handle, Agreement agreement, ActivationLink link, List<StoredKey> keys) {
        String token = sealer.open(handle.attach(ActivationLinkDao.class).sealedToken(link.id()));
        Map<String, Object> model = baseModel(agreement, keys);
        model.put("adminName", link.recipientName());
        model.put(OutboxRenderer.SEALED_PREFIX + "link", sealer.seal(linkUrl(token)));
        model.put("linkExpires", link.expiresAt().atZone(ZoneOffset.UTC).toLocalDate().toString());
        model.put("helpUrl", baseUrl + "/help");
        outbox.enqueue(handle, MessageKind.REMINDER, Recipient.of(link.recipientEmail(), link.recipientName()),
                agreement.locale(), model, agreement.number());
    }

    private String linkUrl(String token) {
        return baseUrl + "/activate/" + token;
    }

    private Map<String, Object> linkModel(Agreement agreement, List<StoredKey> keys, String token, Instant expires) {
        Map<String, Object> model = baseModel(agreement, keys);
        model.put("adminName", agreement.adminName());
        model.put(OutboxRenderer.SEALED_PREFIX + "link", sealer.seal(linkUrl(token)));
        model.put("linkExpires", expires.atZone(ZoneOffset.UTC).toLocalDate().toString());
        model.put("helpUrl", baseUrl + "/help");
        return model;
    }

    private static Map<String, Object> noticeModel(Agreement agreement, List<StoredKey> keys) {
        Map<String, Object> model = baseModel(agreement, keys);
        model.put("contactEmail", agreement.noticesContact());
        return model;
    }

    private static Map<String, Object> baseModel(Agreement agreement, List<StoredKey> keys) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("agreementNumber", agreement.number());
        model.put("customerName", agreement.customerName());
        model.put("tenant", agreement.tenantId());
        model.put("partnerName", agreement.partnerName());
        if (agreement.partnerContact() != null) { // issue 16: "ask your partner" names its contact
            model.put("partnerContact", agreement.partnerContact());
        }
        model.put("products", keys.stream().map(k -> Map.of(
                "product", k.product(), "seats", k.seats(), "termMonths", k.termMonths())).toList());
        return model;
    }
}
