package io.activationworker.activation;

import io.activationworker.key.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The Open License terms shown before accepting, per locale, with the SHA-256 of the exact text
 * shown: the acceptance record proves which words were accepted, not just a version label.
 */
public final class TermsText {

    public record Terms(String version, String text, String sha256) {
    }

    private final Map<String, Terms> byLocale = new HashMap<>();

    public TermsText(Path templatesDir, String version) {
        for (String locale : new String[] {"en", "nl"}) {
            Path file = templatesDir.resolve("terms").resolve("open-license_" + locale + ".txt");
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                byLocale.put(locale, new Terms(version, text, Tokens.sha256Hex(text)));
            } catch (IOException e) {
                throw new UncheckedIOException("the terms text " + file + " cannot be read", e);
            }
        }
    }

    public Terms forLocale(String locale) {
        return byLocale.getOrDefault(locale, byLocale.get("en"));
    }
}
