package io.activationworker.feed;

import io.activationworker.activation.ActivationLinkDao;
import io.activationworker.activation.ActivationLinks;
import io.activationworker.agreement.Agreement;
import io.activationworker.agreement.AgreementDao;
import io.activationworker.db.CopyRows;
import io.activationworker.key.KeyChannel;
import io.activationworker.key.ProductKeyDao;
import io.activationworker.key.StoredKey;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jdbi.v3.core.Handle;

/**
 * Writes planned agreements on the caller's handle with one statement per table and kind of
 * change, whatever their number: agreements inserted and updated, new keys, the links of a
 * replaced administrator revoked, one new link per agreement with its keys, and the emails.
 * New rows go in with COPY ({@link CopyRows}); their ids are taken from the sequences first, so
 * nothing has to be read back.
 * What {@link FeedImporter} checked in its plan is not checked again; the database's constraints
 * still are, and a failing statement fails the caller's whole transaction.
 */
final class AgreementWriter {

    private static final Logger log = LoggerFactory.getLogger(AgreementWriter.class);

    /** One agreement to write: the feed's version, its keys' hashes and fingerprint, and what is stored. */
    record Planned(FeedAgreement feed, List<byte[]> hashes, String fingerprint, Optional<Agreement> existing) {

        boolean administratorChanged() {
            return existing.isPresent() && !sameAddress(existing.get().adminEmail(), feed.adminEmail().orElse(null));
        }
    }

    record Written(int created, int changed, int keys) {
    }

    private final ActivationLinks links;
    private final Clock clock;

    AgreementWriter(ActivationLinks links, Clock clock) {
        this.links = links;
        this.clock = clock;
    }

    /** @param storedKeys every stored key the feed names, by hash (keys not in it are new) */
    Written write(Handle h, FeedDocument doc, List<Planned> chunk, Map<ByteBuffer, StoredKey> storedKeys) {
        List<Planned> created = chunk.stream().filter(p -> p.existing().isEmpty()).toList();
        List<Planned> changed = chunk.stream().filter(p -> p.existing().isPresent()).toList();
        AgreementDao agreements = h.attach(AgreementDao.class);
        String partnerId = doc.partner().id();
        String file = doc.file().toString();
        if (!created.isEmpty()) {
            try (CopyRows rows = agreements.startCopy()) {
                for (Planned p : created) {
                    FeedAgreement a = p.feed();
                    rows.text(a.number()).text(partnerId).text(a.tenant()).text(a.customerName())
                            .text(a.adminName().orElse(null)).text(a.adminEmail().orElse(null))
                            .text(a.noticesContact().orElse(null)).text(a.locale()).text(file).number(a.line())
                            .text(p.fingerprint())
                            .endRow();
                }
                rows.finish();
            }
        }
        if (!changed.isEmpty()) {
            Columns c = new Columns(changed);
            int updated = agreements.updateAll(partnerId, file, c.numbers, c.customerNames, c.adminNames, c.adminEmails,
                    c.noticesContacts, c.locales, c.lines, c.fingerprints);
            if (updated != changed.size()) {
                throw new IllegalStateException(changed.size() - updated + " agreements changed owner during the import");
            }
        }
        Map<String, List<StoredKey>> newKeys = insertNewKeys(h, chunk, partnerId, storedKeys);
        Map<String, List<StoredKey>> unusedKeys = replaceAdministrators(h, changed);

        List<ActivationLinks.Issue> issues = new ArrayList<>();
        for (Planned p : chunk) {
            String number = p.feed().number();
            if (p.administratorChanged()) {
                issues.add(new ActivationLinks.Issue(stored(p, doc), unusedKeys.getOrDefault(number, List.of())));
            } else if (newKeys.containsKey(number)) {
                issues.add(new ActivationLinks.Issue(stored(p, doc), newKeys.get(number)));
            }
        }
        links.issueAll(h, issues);
        links.tellReplacedAdministrators(h, changed.stream().filter(Planned::administratorChanged)
                .map(p -> new ActivationLinks.Replaced(p.existing().orElseThrow(), stored(p, doc))).toList());
        return new Written(created.size(), changed.size(), newKeys.values().stream().mapToInt(List::size).sum());
    }

    /** Inserts the keys not stored yet; returns them as stored, by agreement, in feed order. */
    private static Map<String, List<StoredKey>> insertNewKeys(Handle h, List<Planned> chunk, String partnerId,
                                                              Map<ByteBuffer, StoredKey> storedKeys) {
        List<byte[]> hashes = new ArrayList<>();
        List<FeedKey> keys = new ArrayList<>();
        List<String> numbers = new ArrayList<>();
        for (Planned p : chunk) {
            for (int i = 0; i < p.feed().keys().size(); i++) {
                if (!storedKeys.containsKey(ByteBuffer.wrap(p.hashes().get(i)))) {
                    hashes.add(p.hashes().get(i));
                    keys.add(p.feed().keys().get(i));
                    numbers.add(p.feed().number());
                }
            }
        }
        if (keys.isEmpty()) {
            return Map.of();
        }
        ProductKeyDao dao = h.attach(ProductKeyDao.class);
        List<Long> ids = dao.reserveIds(keys.size());
        List<StoredKey> rows = new ArrayList<>(keys.size());
        Map<String, List<StoredKey>> byAgreement = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            StoredKey stored = keys.get(i).stored(ids.get(i), hashes.get(i), KeyChannel.open, partnerId, numbers.get(i));
            rows.add(stored);
            byAgreement.computeIfAbsent(stored.agreementNumber(), n -> new ArrayList<>()).add(stored);
        }
        dao.insertAll(rows);
        return byAgreement;
    }

    /** Revokes the unused links of agreements whose administrator changed; returns their unused keys. */
    private Map<String, List<StoredKey>> replaceAdministrators(Handle h, List<Planned> changed) {
        String[] numbers = changed.stream().filter(Planned::administratorChanged).map(p -> p.feed().number())
                .toArray(String[]::new);
        if (numbers.length == 0) {
            return Map.of();
        }
        Map<String, Integer> revoked = new HashMap<>();
        h.attach(ActivationLinkDao.class).revokeUnusedOfAgreements(numbers, clock.instant())
                .forEach(n -> revoked.merge(n, 1, Integer::sum));
        for (String number : numbers) {
            log.info("event=administrator_changed agreement={} links_revoked={}", number, revoked.getOrDefault(number, 0));
        }
        Map<String, List<StoredKey>> unused = new HashMap<>();
        for (StoredKey k : h.attach(ProductKeyDao.class).unusedOfAgreements(numbers)) {
            unused.computeIfAbsent(k.agreementNumber(), n -> new ArrayList<>()).add(k);
        }
        return unused;
    }

    /** The agreement as it is stored once this chunk commits. */
    private static Agreement stored(Planned p, FeedDocument doc) {
        FeedAgreement a = p.feed();
        return new Agreement(a.number(), doc.partner().id(), doc.partner().name(), a.tenant(), a.customerName(),
                a.adminName().orElse(null), a.adminEmail().orElse(null), a.noticesContact().orElse(null), a.locale(),
                p.fingerprint(), doc.partner().contact().orElse(null));
    }

    static boolean sameAddress(String a, String b) {
        return a == null ? b == null : b != null && a.equalsIgnoreCase(b);
    }

    /** The columns agreements are inserted and updated with, one array per column. */
    private static final class Columns {
        final String[] numbers;
        final String[] customerNames;
        final String[] adminNames;
        final String[] adminEmails;
        final String[] noticesContacts;
        final String[] locales;
        final int[] lines;
        final String[] fingerprints;

        Columns(List<Planned> planned) {
            int n = planned.size();
            numbers = new String[n];
            customerNames = new String[n];
            adminNames = new String[n];
            adminEmails = new String[n];
            noticesContacts = new String[n];
            locales = new String[n];
            lines = new int[n];
            fingerprints = new String[n];
            for (int i = 0; i < n; i++) {
                FeedAgreement a = planned.get(i).feed();
                numbers[i] = a.number();
                customerNames[i] = a.customerName();
                adminNames[i] = a.adminName().orElse(null);
                adminEmails[i] = a.adminEmail().orElse(null);
                noticesContacts[i] = a.noticesContact().orElse(null);
                locales[i] = a.locale();
                lines[i] = a.line();
                fingerprints[i] = planned.get(i).fingerprint();
            }
        }
    }
}
