package io.activationworker.feed;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.MappingEndEvent;
import org.snakeyaml.engine.v2.events.MappingStartEvent;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.events.SequenceEndEvent;
import org.snakeyaml.engine.v2.events.SequenceStartEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;

/**
 * Pulls parser events one at a time and builds small {@link FeedNode} trees from them, refusing
 * on the spot every YAML feature a feed never needs and an attacker loves: anchors and aliases
 * (billion laughs), tags (class instantiation), duplicate keys (two readers, two meanings) and
 * deep nesting. Checking while events stream in means a hostile file costs a few events, not a
 * parsed document, and never more stack than {@link #MAX_DEPTH} frames.
 */
final class YamlTree {

    static final int MAX_DEPTH = 16;

    /** Bounds the memory one entry (an agreement, the partner) may take while it is held as a tree. */
    static final int MAX_NODES_PER_ENTRY = 100_000;

    private final String file;
    private final Iterator<Event> events;
    private int nodesInEntry;

    YamlTree(String file, Iterator<Event> events) {
        this.file = file;
        this.events = events;
    }

    /** The next event, after refusing anchors, aliases and tags. */
    Event next() {
        Event event = events.next();
        if (event instanceof AliasEvent || event instanceof NodeEvent node && node.getAnchor().isPresent()) {
            throw reject(event, "anchors and aliases are not allowed in a feed");
        }
        Optional<String> tag = event instanceof ScalarEvent scalar ? scalar.getTag()
                : event instanceof CollectionStartEvent collection ? collection.getTag() : Optional.empty();
        if (tag.isPresent()) {
            throw reject(event, "tags are not allowed in a feed (found " + FeedText.quote(tag.get()) + ")");
        }
        return event;
    }

    /** Reads the whole node that {@code first} starts; {@code depth} counts the collections around it, the top level being 1. */
    FeedNode read(Event first, int depth) {
        nodesInEntry = 0;
        return build(first, depth);
    }

    /**
     * Hands over the items of the sequence that {@code start} opens one by one, so a list of a
     * hundred thousand agreements never exists as a tree. Positions are 1-based.
     */
    void forEachItem(Event start, int depth, ItemConsumer consumer) {
        checkDepth(start, depth);
        int position = 0;
        for (Event event = next(); !(event instanceof SequenceEndEvent); event = next()) {
            consumer.accept(read(event, depth + 1), ++position);
        }
    }

    /** Reads a mapping key: plain text, and not seen before in the same mapping. */
    String key(Event event, Set<String> earlier) {
        if (!(event instanceof ScalarEvent scalar)) {
            throw reject(event, "mapping keys must be names, not lists or mappings");
        }
        if (earlier.contains(scalar.getValue())) {
            throw reject(event, "duplicate key " + FeedText.quote(scalar.getValue()));
        }
        return scalar.getValue();
    }

    FeedFileRejectedException reject(Event event, String reason) {
        Optional<Mark> mark = event.getStartMark();
        return new FeedFileRejectedException(file, mark.map(m -> m.getLine() + 1).orElse(1),
                mark.map(m -> m.getColumn() + 1).orElse(1), reason);
    }

    FeedFileRejectedException reject(FeedNode node, String reason) {
        return new FeedFileRejectedException(file, node.line(), node.column(), reason);
    }

    private FeedNode build(Event first, int depth) {
        if (++nodesInEntry > MAX_NODES_PER_ENTRY) {
            throw reject(first, "one entry holds more than " + MAX_NODES_PER_ENTRY + " values");
        }
        if (first instanceof ScalarEvent scalar) {
            return FeedNode.Scalar.of(scalar.getValue(), scalar.isPlain(), line(first), column(first));
        }
        if (first instanceof MappingStartEvent) {
            checkDepth(first, depth);
            Map<String, FeedNode> fields = new LinkedHashMap<>();
            for (Event event = next(); !(event instanceof MappingEndEvent); event = next()) {
                String name = key(event, fields.keySet());
                fields.put(name, build(next(), depth + 1));
            }
            return new FeedNode.Mapping(Collections.unmodifiableMap(fields), line(first), column(first));
        }
        if (first instanceof SequenceStartEvent) {
            checkDepth(first, depth);
            List<FeedNode> items = new ArrayList<>();
            for (Event event = next(); !(event instanceof SequenceEndEvent); event = next()) {
                items.add(build(event, depth + 1));
            }
            return new FeedNode.Sequence(List.copyOf(items), line(first), column(first));
        }
        throw reject(first, "unexpected " + first.getEventId() + " in the middle of a value");
    }

    private void checkDepth(Event event, int depth) {
        if (depth > MAX_DEPTH) {
            throw reject(event, "nesting deeper than " + MAX_DEPTH + " levels");
        }
    }

    private static int line(Event event) {
        return event.getStartMark().map(m -> m.getLine() + 1).orElse(1);
    }

    private static int column(Event event) {
        return event.getStartMark().map(m -> m.getColumn() + 1).orElse(1);
    }

    @FunctionalInterface
    interface ItemConsumer {
        void accept(FeedNode item, int position);
    }
}
