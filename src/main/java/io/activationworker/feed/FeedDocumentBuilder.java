package io.activationworker.feed;

import io.activationworker.catalogue.ProductCatalogue;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.MappingEndEvent;
import org.snakeyaml.engine.v2.events.MappingStartEvent;
import org.snakeyaml.engine.v2.events.SequenceStartEvent;
import org.snakeyaml.engine.v2.events.StreamEndEvent;

/**
 * Walks the top level of one feed file as its events stream in: schema and partner are checked
 * whole-file, agreements and retail keys one at a time as each is read, so the memory held is the
 * compact records, never the document. One instance per file read.
 */
final class FeedDocumentBuilder {

    private static final Pattern PARTNER_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final int TOP = 1;

    private final Path path;
    private final String file;
    private final YamlTree tree;
    private final FeedKeyReader keyReader;
    private final FeedAgreementReader agreementReader;
    private final List<FeedAgreement> agreements = new ArrayList<>();
    private final List<FeedKey> retailKeys = new ArrayList<>();
    private final List<FeedRejection> rejections = new ArrayList<>();
    private FeedPartner partner;
    private boolean schemaSeen;

    FeedDocumentBuilder(Path path, YamlTree tree, ProductCatalogue catalogue) {
        this.path = path;
        this.file = path.toString();
        this.tree = tree;
        this.keyReader = new FeedKeyReader(catalogue);
        this.agreementReader = new FeedAgreementReader(file, keyReader);
    }

    FeedDocument build() {
        tree.next();
        Event documentStart = tree.next();
        if (documentStart instanceof StreamEndEvent) {
            throw tree.reject(documentStart, "the file is empty; a feed starts with 'schema: 1'");
        }
        Event top = tree.next();
        if (!(top instanceof MappingStartEvent)) {
            throw tree.reject(top, "the top level must be a mapping with schema, partner and agreements");
        }
        Set<String> seen = new HashSet<>();
        for (Event event = tree.next(); !(event instanceof MappingEndEvent); event = tree.next()) {
            String name = tree.key(event, seen);
            seen.add(name);
            readTopLevelField(event, name);
        }
        tree.next();
        Event after = tree.next();
        if (!(after instanceof StreamEndEvent)) {
            throw tree.reject(after, "a feed file holds one document; a second one starts here");
        }
        if (!schemaSeen) {
            throw tree.reject(top, "missing 'schema: 1' at the top of the file");
        }
        if (partner == null) {
            throw tree.reject(top, "missing 'partner' (with id and name)");
        }
        return new FeedDocument(path, partner, agreements, retailKeys, rejections);
    }

    private void readTopLevelField(Event keyEvent, String name) {
        switch (name) {
            case "schema" -> schema(tree.read(tree.next(), TOP + 1));
            case "partner" -> partner = partner(tree.read(tree.next(), TOP + 1));
            case "agreements" -> forEachItem(name, (item, position) ->
                    agreementReader.read(item, position, rejections).ifPresent(agreements::add));
            case "retailKeys" -> forEachItem(name, this::retailKey);
            default -> {
                // Look at the value first: a hostile value (anchor, tag) is named as such, not as a typo.
                tree.next();
                throw tree.reject(keyEvent, "unknown top-level field " + FeedText.quote(name)
                        + " (expected schema, partner, agreements, retailKeys)");
            }
        }
    }

    private void schema(FeedNode value) {
        schemaSeen = true;
        boolean one = value instanceof FeedNode.Scalar scalar && scalar.wholeNumber().orElse(0) == 1;
        if (!one) {
            throw tree.reject(value, "schema must be 1 (the only feed schema version this reader knows)");
        }
    }

    /** Partner problems reject the whole file: without a trusted owner no agreement can be placed. */
    private FeedPartner partner(FeedNode value) {
        if (!(value instanceof FeedNode.Mapping mapping)) {
            throw tree.reject(value, "partner must be a mapping with id and name");
        }
        List<String> reasons = new ArrayList<>();
        FeedFieldReader fields = new FeedFieldReader(mapping, "partner.", reasons);
        fields.rejectUnknownFields(Set.of("id", "name", "contact", "webhook", "locale"));
        String id = fields.requiredText("id").orElse(null);
        if (id != null && !PARTNER_ID.matcher(id).matches()) {
            reasons.add("partner.id " + FeedText.quote(id)
                    + " must be 1 to 64 lower-case letters, digits or dashes, e.g. northwind-partners");
        }
        String name = fields.requiredText("name").orElse(null);
        Optional<String> contact = fields.optionalText("contact");
        if (contact.isPresent() && !EmailAddresses.isValid(contact.get())) {
            reasons.add("partner.contact " + FeedText.quote(contact.get()) + " is not a valid email address");
        }
        Optional<String> webhook = fields.optionalText("webhook");
        if (webhook.isPresent() && !isWebhookUrl(webhook.get())) {
            reasons.add("partner.webhook " + FeedText.quote(webhook.get())
                    + " must be an http or https URL without user information, e.g. https://hooks.example/aw");
        }
        String locale = fields.optionalText("locale").orElse("en");
        if (!locale.equals("en") && !locale.equals("nl")) {
            reasons.add("partner.locale " + FeedText.quote(locale) + " is not supported (use en or nl)");
        }
        if (!reasons.isEmpty()) {
            throw tree.reject(value, String.join("; ", reasons));
        }
        return new FeedPartner(id, name, contact, webhook, locale);
    }

    private static boolean isWebhookUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getRawUserInfo() == null && uri.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private void forEachItem(String field, YamlTree.ItemConsumer consumer) {
        Event start = tree.next();
        if (start instanceof SequenceStartEvent) {
            tree.forEachItem(start, TOP + 1, consumer);
            return;
        }
        FeedNode value = tree.read(start, TOP + 1);
        if (!value.isNull()) {
            throw tree.reject(value, "'" + field + "' must be a list, not " + value.describe());
        }
    }

    private void retailKey(FeedNode item, int position) {
        FeedKeyReader.Outcome outcome = keyReader.read(item);
        String subject = "retail key " + outcome.productKey().map(k -> k.masked()).orElse("#" + position);
        outcome.reasons().forEach(reason -> rejections.add(new FeedRejection(file, item.line(), subject, reason)));
        outcome.firstLine().ifPresent(first -> rejections.add(new FeedRejection(file, item.line(), subject,
                "this key appears twice in this file (first at line " + first + ")")));
        outcome.key().ifPresent(retailKeys::add);
    }
}
