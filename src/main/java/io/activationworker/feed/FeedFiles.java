package io.activationworker.feed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Which files of a feed folder are feed files: {@code *.yaml}, {@code *.yml}, {@code *.json}, in name order. */
public final class FeedFiles {

    private FeedFiles() {
    }

    public static boolean isFeedFile(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && !name.startsWith(".")
                && (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json"));
    }

    /** A file is itself; a folder is its feed files. */
    public static List<Path> list(Path fileOrFolder) {
        if (!Files.isDirectory(fileOrFolder)) {
            return List.of(fileOrFolder);
        }
        try (Stream<Path> s = Files.list(fileOrFolder)) {
            return s.filter(FeedFiles::isFeedFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("the feed folder " + fileOrFolder + " cannot be listed", e);
        }
    }
}
