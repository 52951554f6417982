package io.activationworker.key;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The secret behind key hashes, form tokens and sealed outbox tokens: {@code key.secret} when set,
 * else one generated on first start and kept in {@code data.dir/key.secret}. Every instance
 * sharing a database must use the same secret.
 */
public final class KeySecret {

    private KeySecret() {
    }

    public static byte[] load(Optional<String> configured, Path dataDir, SecureRandom random) {
        if (configured.isPresent()) {
            return configured.get().getBytes(StandardCharsets.UTF_8);
        }
        Path file = dataDir.resolve("key.secret");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dataDir);
                byte[] fresh = new byte[32];
                random.nextBytes(fresh);
                Path tmp = Files.createTempFile(dataDir, "key", ".tmp");
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // Not a POSIX file system: the data directory's own permissions must protect it.
                }
                Files.writeString(tmp, Base64.getEncoder().encodeToString(fresh), StandardOpenOption.TRUNCATE_EXISTING);
                try {
                    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException raced) {
                    Files.deleteIfExists(tmp);
                }
            }
            return Files.readString(file, StandardCharsets.US_ASCII).trim().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("the key secret under " + dataDir + " cannot be read or created", e);
        }
    }
}
