package io.activationworker.feed;

import io.activationworker.catalogue.ProductCatalogue;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads one partner feed file ({@code *.yaml}, {@code *.yml} or {@code *.json}; JSON is read by
 * the same YAML 1.2 parser) into a {@link FeedDocument}. A file that cannot be used as a whole
 * throws {@link FeedFileRejectedException} with a line and column, and nothing else ever escapes:
 * the feed comes from outside, so every failure must end as a message a partner can act on.
 * Holds no state between reads, so one instance serves the watcher and the command line alike.
 */
public final class FeedReader {

    public static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;

    private final ProductCatalogue catalogue;
    private final long maxBytes;

    public FeedReader(ProductCatalogue catalogue, long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("feed.max-bytes must be positive, not " + maxBytes);
        }
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        this.maxBytes = maxBytes;
    }

    public FeedDocument read(Path file) {
        return read(file, file.toString());
    }

    /**
     * Reads {@code file} but names it {@code name} in the document and every message: a feed that
     * came through the partner API is stored in a temporary file, and is reported as {@code api/NAME}.
     */
    public FeedDocument read(Path file, String name) {
        try {
            return parse(file, name);
        } catch (FeedFileRejectedException e) {
            throw e;
        } catch (MarkedYamlEngineException e) {
            // Not kept as the cause: its message quotes the offending line, which may hold a whole
            // product key, and line, column and problem already say everything a partner needs.
            Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
            throw new FeedFileRejectedException(name, mark.map(m -> m.getLine() + 1).orElse(1),
                    mark.map(m -> m.getColumn() + 1).orElse(1), notValid(name) + FeedText.oneLine(e.getProblem()));
        } catch (YamlEngineException e) {
            if (e.getCause() instanceof IOException io) {
                throw cannotBeRead(name, io);
            }
            throw new FeedFileRejectedException(name, 1, 1, notValid(name) + FeedText.oneLine(e.getMessage()), e);
        } catch (IOException e) {
            throw cannotBeRead(name, e);
        } catch (RuntimeException | StackOverflowError e) {
            // A parser bug must not take the watcher down, nor be mistaken for a good file.
            throw new FeedFileRejectedException(name, 1, 1,
                    "cannot be read as a feed (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private FeedDocument parse(Path file, String name) throws IOException {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!lower.endsWith(".yaml") && !lower.endsWith(".yml") && !lower.endsWith(".json")) {
            throw new FeedFileRejectedException(name, 1, 1, "not a feed file: the name must end in .yaml, .yml or .json");
        }
        // Size first: a 5 GB file is refused without reading a byte of it.
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new FeedFileRejectedException(name, 1, 1, "the file is " + FeedText.size(size) + "; the limit is "
                    + FeedText.size(maxBytes) + " (feed.max-bytes)");
        }
        try (SeekableByteChannel channel = Files.newByteChannel(file);
             StrictUtf8Reader reader = new StrictUtf8Reader(name, channel, maxBytes, isJson(name))) {
            YamlTree tree = new YamlTree(name, new Parse(settings(name)).parseReader(reader).iterator());
            return new FeedDocumentBuilder(file.toString().equals(name) ? file : Path.of(name), tree, catalogue).build();
        }
    }

    private LoadSettings settings(String name) {
        return LoadSettings.builder()
                .setLabel(name)
                .setAllowDuplicateKeys(false)
                .setMaxAliasesForCollections(0)
                .setAllowRecursiveKeys(false)
                .setParseComments(false)
                .setCodePointLimit((int) Math.min(Integer.MAX_VALUE, maxBytes + 1))
                .build();
    }

    private static boolean isJson(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".json");
    }

    private static String notValid(String name) {
        return isJson(name) ? "not valid JSON: " : "not valid YAML: ";
    }

    private static FeedFileRejectedException cannotBeRead(String name, IOException e) {
        String why = e instanceof NoSuchFileException ? "no such file"
                : e instanceof AccessDeniedException ? "permission denied"
                : FeedText.oneLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        return new FeedFileRejectedException(name, 1, 1, "cannot be read: " + why, e);
    }
}
