package io.activationworker.feed;

import io.activationworker.activation.ActivationLinks;
import io.activationworker.agreement.Agreement;
import io.activationworker.agreement.AgreementDao;
import io.activationworker.agreement.AgreementVersion;
import io.activationworker.db.AdvisoryLockDao;
import io.activationworker.db.Database;
import io.activationworker.db.DatabaseUnavailable;
import io.activationworker.feed.AgreementWriter.Planned;
import io.activationworker.key.KeyChannel;
import io.activationworker.key.KeyHasher;
import io.activationworker.key.ProductKeyDao;
import io.activationworker.key.StoredKey;
import io.activationworker.outbox.Outbox;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores a parsed feed file. The agreement is the unit: each is checked against what is stored
 * (owner, keys registered elsewhere) and then written with its keys, links and emails in one
 * transaction, so a bad agreement never blocks the others and never leaves half a change.
 * Agreements are planned and written in chunks, each with set-based statements ({@link AgreementWriter}),
 * so a large first import costs a few statements per thousand agreements, not several per agreement,
 * and holds one chunk's plan at a time.
 * A chunk that fails is replayed one agreement per transaction, which finds and reports the
 * agreement at fault.
 */
public final class FeedImporter {

    private static final Logger log = LoggerFactory.getLogger(FeedImporter.class);
    /** One import at a time across every instance: the plan is made and applied under this lock. */
    private static final long IMPORT_LOCK = 0x41435449564154L;
    /** Feed agreements planned together and written in one transaction (see {@link AgreementWriter}). */
    private static final int CHUNK = 1000;
    /**
     * Agreements whose owner and fingerprint are looked up in one query. Ten times a chunk: a
     * re-import is mostly these lookups, and one per chunk spent more time waiting for round trips
     * than PostgreSQL spent answering them; the map of 10,000 versions takes about 2 MB.
     */
    private static final int LOOKUP = 10 * CHUNK;

    private final Jdbi jdbi;
    private final KeyHasher hasher;
    private final Outbox outbox;
    private final AgreementWriter writer;
    private final ImportListener listener;

    public FeedImporter(Jdbi jdbi, KeyHasher hasher, ActivationLinks links, Outbox outbox, Clock clock) {
        this(jdbi, hasher, links, outbox, clock, ImportListener.NONE);
    }

    /** @param listener told what each import rejected, after its agreements are stored (the partner's report) */
    public FeedImporter(Jdbi jdbi, KeyHasher hasher, ActivationLinks links, Outbox outbox, Clock clock,
                        ImportListener listener) {
        this.jdbi = jdbi;
        this.hasher = hasher;
        this.outbox = outbox;
        this.writer = new AgreementWriter(links, clock);
        this.listener = listener;
    }

    /** Imports under the import lock, with the long socket timeout of {@link Database#bulk} on every statement. */
    public ImportReport importDocument(FeedDocument doc) {
        return Database.bulk(() -> importWhole(doc));
    }

    private ImportReport importWhole(FeedDocument doc) {
        try (Handle lock = jdbi.open()) {
            lock.attach(AdvisoryLockDao.class).lock(IMPORT_LOCK);
            try {
                return importLocked(doc);
            } finally {
                lock.attach(AdvisoryLockDao.class).unlock(IMPORT_LOCK);
            }
        } finally {
            outbox.nudge();
        }
    }

    /** The dry run behind {@code validate}: every check, nothing written. */
    public ImportReport validate(FeedDocument doc) {
        List<FeedRejection> rejections = new ArrayList<>(doc.rejections());
        int created = 0;
        int changed = 0;
        int unchanged = 0;
        int newKeys = 0;
        for (List<FeedAgreement> group : slices(doc.agreements(), LOOKUP)) {
            Map<String, AgreementVersion> versions = storedVersions(group);
            for (List<FeedAgreement> part : slices(group, CHUNK)) {
                Plan plan = plan(doc, part, versions);
                rejections.addAll(plan.rejections);
                unchanged += plan.unchanged;
                for (Planned p : plan.changes) {
                    if (p.existing().isEmpty()) {
                        created++;
                    } else {
                        changed++;
                    }
                    newKeys += (int) p.hashes().stream()
                            .filter(h -> !plan.storedKeys.containsKey(ByteBuffer.wrap(h))).count();
                }
            }
        }
        List<FeedKey> retail = newRetailKeys(doc, storedRetailKeys(doc), rejections);
        return new ImportReport(doc.file().toString(), created, changed, unchanged, newKeys, retail.size(), 0,
                List.copyOf(rejections));
    }

    /**
     * Plans and writes the feed a chunk of agreements at a time, so what is held besides the
     * document is one chunk's plan, whatever the size of the feed. Chunks cannot affect each
     * other's checks: the reader already refused numbers and keys that appear twice in a file.
     */
    private ImportReport importLocked(FeedDocument doc) {
        String file = doc.file().toString();
        String partnerId = doc.partner().id();
        FeedPartner partner = doc.partner();
        jdbi.useExtension(AgreementDao.class, dao -> dao.upsertPartner(partnerId, partner.name(),
                partner.contact().orElse(null), partner.webhook().orElse(null), partner.locale()));
        List<FeedRejection> rejections = new ArrayList<>(doc.rejections());
        List<FeedRejection> storeFailures = new ArrayList<>();
        Counts counts = new Counts();
        for (List<FeedAgreement> group : slices(doc.agreements(), LOOKUP)) {
            Map<String, AgreementVersion> versions = storedVersions(group);
            for (List<FeedAgreement> part : slices(group, CHUNK)) {
                stopIfInterrupted(file);
                Plan plan = plan(doc, part, versions);
                rejections.addAll(plan.rejections);
                counts.unchanged += plan.unchanged;
                if (!plan.changes.isEmpty()) {
                    applyChunk(plan.changes, doc, plan.storedKeys, counts, storeFailures);
                }
            }
        }
        stopIfInterrupted(file);
        rejections.addAll(storeFailures);
        int retailNew = importRetailKeys(doc, rejections);
        int missing = reportMissing(doc, partnerId);
        ImportReport report = new ImportReport(file, counts.created, counts.changed, counts.unchanged, counts.keys,
                retailNew, missing, List.copyOf(rejections));
        log.info("event=feed_imported file={} partner={} new={} changed={} unchanged={} keys={} retail_keys={} rejected={}",
                file, partnerId, counts.created, counts.changed, counts.unchanged, counts.keys, retailNew,
                rejections.size());
        for (FeedRejection r : rejections) {
            log.warn("event=feed_rejection {}", r);
        }
        listener.imported(doc, report.rejections());
        return report;
    }

    /**
     * Shutdown interrupts the importing thread: stop between transactions, so every agreement is
     * stored whole or not at all, and nothing is reported as rejected. The next import (at the next
     * start: the watcher remembers nothing) stores the rest and finds the stored part unchanged.
     */
    private static void stopIfInterrupted(String file) {
        if (Thread.currentThread().isInterrupted()) {
            throw new ImportInterrupted(file);
        }
    }

    private static List<List<FeedAgreement>> slices(List<FeedAgreement> agreements, int size) {
        List<List<FeedAgreement>> slices = new ArrayList<>();
        for (int from = 0; from < agreements.size(); from += size) {
            slices.add(agreements.subList(from, Math.min(agreements.size(), from + size)));
        }
        return slices;
    }

    /** Compares some agreements of the document with what is stored: what to write, what is unchanged, what is refused. */
    /** @param versions owner and fingerprint of (at least) these agreements where stored, by number */
    private Plan plan(FeedDocument doc, List<FeedAgreement> agreements, Map<String, AgreementVersion> versions) {
        String file = doc.file().toString();
        String partnerId = doc.partner().id();
        // An agreement this partner stored with the same fingerprint passed every check below when
        // it was written (tenant and keys are part of the fingerprint, and stored keys never move),
        // so it is unchanged without looking its keys up: a re-import reads no key rows, and only
        // the owner and fingerprint of each stored agreement.
        List<Planned> differing = new ArrayList<>(); // stored rows filled in below, with one query
        List<String> known = new ArrayList<>();
        int unchanged = 0;
        for (FeedAgreement a : agreements) {
            List<byte[]> hashes = a.keys().stream().map(k -> hasher.hash(k.key())).toList();
            String fingerprint = AgreementFingerprint.of(a, hashes);
            AgreementVersion version = versions.get(a.number());
            if (version != null && version.partnerId().equals(partnerId) && version.fingerprint().equals(fingerprint)) {
                unchanged++;
            } else {
                differing.add(new Planned(a, hashes, fingerprint, Optional.empty()));
                if (version != null) {
                    known.add(a.number());
                }
            }
        }
        Map<String, Agreement> stored = storedAgreements(known);
        List<Planned> candidates = differing.stream()
                .map(p -> new Planned(p.feed(), p.hashes(), p.fingerprint(),
                        Optional.ofNullable(stored.get(p.feed().number()))))
                .toList();
        Map<ByteBuffer, StoredKey> storedKeys = storedKeys(candidates.stream().flatMap(p -> p.hashes().stream()).toList());
        Plan plan = new Plan(storedKeys);
        plan.unchanged = unchanged;
        for (Planned p : candidates) {
            FeedAgreement a = p.feed();
            Optional<String> problem = check(a, p.hashes(), p.existing().orElse(null), partnerId, storedKeys);
            if (problem.isPresent()) {
                plan.rejections.add(new FeedRejection(file, a.line(), "agreement " + a.number(), problem.get()));
            } else {
                plan.changes.add(p);
            }
        }
        return plan;
    }

    private Optional<String> check(FeedAgreement a, List<byte[]> hashes, Agreement existing, String partnerId,
                                   Map<ByteBuffer, StoredKey> storedKeys) {
        if (existing != null && !existing.partnerId().equals(partnerId)) {
            return Optional.of("the agreement number belongs to another partner");
        }
        if (existing != null && !existing.tenantId().equals(a.tenant())) {
            return Optional.of("customer.tenant cannot change (it is " + existing.tenantId() + ")");
        }
        for (int i = 0; i < a.keys().size(); i++) {
            FeedKey k = a.keys().get(i);
            StoredKey s = storedKeys.get(ByteBuffer.wrap(hashes.get(i)));
            if (s == null) {
                continue;
            }
            if (!a.number().equals(s.agreementNumber())) {
                return Optional.of("key " + k.key().masked() + " is already registered elsewhere");
            }
            if (!s.product().equals(k.product()) || s.seats() != k.seats() || s.termMonths() != k.termMonths()
                    || !Objects.equals(s.redeemBy(), k.redeemBy().orElse(null))) {
                return Optional.of("key " + k.key().masked() + " is already registered with another product, seats or term");
            }
        }
        return Optional.empty();
    }

    private void applyChunk(List<Planned> chunk, FeedDocument doc, Map<ByteBuffer, StoredKey> storedKeys, Counts counts,
                            List<FeedRejection> rejections) {
        try {
            counts.add(jdbi.inTransaction(h -> writer.write(h, doc, chunk, storedKeys)));
        } catch (RuntimeException chunkFailed) {
            log.warn("event=import_chunk_failed file={} first={} last={} reason=\"{}\" outcome=replaying_one_by_one",
                    doc.file(), chunk.get(0).feed().number(), chunk.get(chunk.size() - 1).feed().number(),
                    rootMessage(chunkFailed));
            // Find the agreement at fault: replay one by one, each in its own transaction.
            for (Planned p : chunk) {
                stopIfInterrupted(doc.file().toString());
                try {
                    counts.add(jdbi.inTransaction(h -> writer.write(h, doc, List.of(p), storedKeys)));
                } catch (RuntimeException e) {
                    if (DatabaseUnavailable.causedBy(e)) {
                        throw e; // not the agreement's fault: the whole import is tried again (watcher, rerun)
                    }
                    stopIfInterrupted(doc.file().toString()); // a pool closed at shutdown is not the agreement's fault either
                    log.warn("event=agreement_store_failed agreement={} reason=\"{}\"", p.feed().number(), rootMessage(e), e);
                    rejections.add(new FeedRejection(doc.file().toString(), p.feed().line(),
                            "agreement " + p.feed().number(), "could not be stored (" + rootMessage(e) + ")"));
                }
            }
        }
    }

    private int importRetailKeys(FeedDocument doc, List<FeedRejection> rejections) {
        List<FeedKey> fresh = newRetailKeys(doc, storedRetailKeys(doc), rejections);
        if (!fresh.isEmpty()) {
            jdbi.useTransaction(h -> {
                ProductKeyDao keys = h.attach(ProductKeyDao.class);
                List<Long> ids = keys.reserveIds(fresh.size());
                List<StoredKey> rows = new ArrayList<>(fresh.size());
                for (int i = 0; i < fresh.size(); i++) {
                    FeedKey k = fresh.get(i);
                    rows.add(k.stored(ids.get(i), hasher.hash(k.key()), KeyChannel.retail, doc.partner().id(), null));
                }
                keys.insertAll(rows);
            });
        }
        return fresh.size();
    }

    /** The retail keys not stored yet; keys stored for someone else or on other terms are refused. */
    private List<FeedKey> newRetailKeys(FeedDocument doc, Map<ByteBuffer, StoredKey> storedKeys,
                                        List<FeedRejection> rejections) {
        List<FeedKey> fresh = new ArrayList<>();
        for (FeedKey k : doc.retailKeys()) {
            StoredKey s = storedKeys.get(ByteBuffer.wrap(hasher.hash(k.key())));
            if (s == null) {
                fresh.add(k);
            } else if (!s.retail() || !s.partnerId().equals(doc.partner().id())) {
                rejections.add(new FeedRejection(doc.file().toString(), k.line(), "retail key " + k.key().masked(),
                        "the key is already registered elsewhere"));
            } else if (!s.product().equals(k.product()) || s.seats() != k.seats() || s.termMonths() != k.termMonths()) {
                rejections.add(new FeedRejection(doc.file().toString(), k.line(), "retail key " + k.key().masked(),
                        "the key is already registered with another product, seats or term"));
            }
        }
        return fresh;
    }

    /** Agreements are never deleted because a feed stopped listing them; the operator is told. */
    private int reportMissing(FeedDocument doc, String partnerId) {
        Set<String> inFeed = new HashSet<>();
        doc.agreements().forEach(a -> inFeed.add(a.number()));
        doc.rejections().forEach(r -> inFeed.add(r.subject().replaceFirst("^agreement ", "")));
        List<String> missing = jdbi.withExtension(AgreementDao.class, dao -> dao.numbersOfPartner(partnerId)).stream()
                .filter(n -> !inFeed.contains(n)).toList();
        for (String number : missing) {
            log.info("event=agreement_missing_from_feed agreement={} file={} outcome=kept", number, doc.file());
        }
        return missing.size();
    }

    private Map<String, AgreementVersion> storedVersions(List<FeedAgreement> agreements) {
        String[] numbers = agreements.stream().map(FeedAgreement::number).toArray(String[]::new);
        Map<String, AgreementVersion> map = new HashMap<>();
        jdbi.withExtension(AgreementDao.class, dao -> dao.versionsByNumbers(numbers)).forEach(v -> map.put(v.number(), v));
        return map;
    }

    private Map<String, Agreement> storedAgreements(List<String> numbers) {
        Map<String, Agreement> map = new HashMap<>();
        if (!numbers.isEmpty()) {
            jdbi.withExtension(AgreementDao.class, dao -> dao.findByNumbers(numbers.toArray(String[]::new)))
                    .forEach(a -> map.put(a.number(), a));
        }
        return map;
    }

    private Map<ByteBuffer, StoredKey> storedRetailKeys(FeedDocument doc) {
        return storedKeys(doc.retailKeys().stream().map(k -> hasher.hash(k.key())).toList());
    }

    /** The stored keys among these hashes, by hash. */
    private Map<ByteBuffer, StoredKey> storedKeys(List<byte[]> hashes) {
        Map<ByteBuffer, StoredKey> map = new HashMap<>();
        if (!hashes.isEmpty()) {
            jdbi.withExtension(ProductKeyDao.class, dao -> dao.findByHashes(hashes.toArray(new byte[0][])))
                    .forEach(s -> map.put(ByteBuffer.wrap(s.keyHash()), s));
        }
        return map;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    /** One chunk's plan; {@code storedKeys} holds the stored keys its agreements name. */
    private static final class Plan {
        final Map<ByteBuffer, StoredKey> storedKeys;
        final List<Planned> changes = new ArrayList<>();
        final List<FeedRejection> rejections = new ArrayList<>();
        int unchanged;

        Plan(Map<ByteBuffer, StoredKey> storedKeys) {
            this.storedKeys = storedKeys;
        }
    }

    private static final class Counts {
        int created;
        int changed;
        int unchanged;
        int keys;

        void add(AgreementWriter.Written written) {
            created += written.created();
            changed += written.changed();
            keys += written.keys();
        }
    }
}
