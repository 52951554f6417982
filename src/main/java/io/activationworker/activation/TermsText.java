package io.activationworker.activation;

import io.activationworker.key.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Open License terms shown before accepting, per locale, with the SHA-256 of the exact text
 * shown: the acceptance record proves which words were accepted, not just a version label.
 *
 * <p>The text file is wrapped at about 100 columns for editing; shown as it is, those hard breaks
 * made the terms wrap raggedly on a phone. So the file is reflowed into paragraphs (lines joined,
 * a blank line or a numbered clause starts a new one) and that reflowed text is what the page
 * shows and what the SHA-256 is taken of.
 */
public final class TermsText {

    /** {@code text}: the paragraphs separated by one blank line, each on one line. */
    public record Terms(String version, String text, String sha256) {

        public List<String> paragraphs() {
            return List.of(text.split("\n\n"));
        }
    }

    /** "1. Parties." or "12) …": a numbered clause starts its own paragraph even without a blank line before it. */
    private static final Pattern CLAUSE = Pattern.compile("^\\d{1,3}[.)]\\s.*");

    private final Map<String, Terms> byLocale = new HashMap<>();

    public TermsText(Path templatesDir, String version) {
        for (String locale : new String[] {"en", "nl"}) {
            Path file = templatesDir.resolve("terms").resolve("open-license_" + locale + ".txt");
            try {
                String text = reflow(Files.readString(file, StandardCharsets.UTF_8));
                byLocale.put(locale, new Terms(version, text, Tokens.sha256Hex(text)));
            } catch (IOException e) {
                throw new UncheckedIOException("the terms text " + file + " cannot be read", e);
            }
        }
    }

    public Terms forLocale(String locale) {
        return byLocale.getOrDefault(locale, byLocale.get("en"));
    }

    /** Joins the lines of each paragraph with one space; paragraphs are separated by one blank line. */
    static String reflow(String raw) {
        List<String> paragraphs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : raw.replace("\r\n", "\n").split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || CLAUSE.matcher(trimmed).matches()) {
                if (!current.isEmpty()) {
                    paragraphs.add(current.toString());
                    current.setLength(0);
                }
            }
            if (!trimmed.isEmpty()) {
                if (!current.isEmpty()) {
                    current.append(' ');
                }
                current.append(trimmed);
            }
        }
        if (!current.isEmpty()) {
            paragraphs.add(current.toString());
        }
        return String.join("\n\n", paragraphs);
    }
}
