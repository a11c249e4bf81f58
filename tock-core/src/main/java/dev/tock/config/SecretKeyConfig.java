package dev.tock.config;

import dev.tock.secret.EncryptionKey;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where this node's key for Secrets comes from, part of {@link TockConfig}: base64 text
 * ({@code secret-key}, best given as {@code TOCK_SECRET_KEY}) or a file ({@code secret-key-file}, e.g. a
 * mounted Kubernetes Secret). Without either the node stores no Secret and runs no job that references one;
 * everything else works. {@link #toString()} never shows the key.
 */
public record SecretKeyConfig(String key, String keyFile) {

    public SecretKeyConfig {
        key = key == null ? "" : key.strip();
        keyFile = keyFile == null ? "" : keyFile.strip();
        if (!key.isEmpty() && !keyFile.isEmpty()) {
            throw new ConfigException("give secret-key or secret-key-file, not both");
        }
        if (!key.isEmpty()) {
            parse(key);
        }
    }

    public static SecretKeyConfig none() {
        return new SecretKeyConfig("", "");
    }

    public SecretKeyConfig withKey(String value) {
        return new SecretKeyConfig(value, keyFile);
    }

    public SecretKeyConfig withKeyFile(String value) {
        return new SecretKeyConfig(key, value);
    }

    /** The key, read (from the file) and checked now; empty when none is configured. */
    public Optional<EncryptionKey> load() {
        if (!key.isEmpty()) {
            return Optional.of(parse(key));
        }
        if (keyFile.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(EncryptionKey.fromFile(Path.of(keyFile)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("secret-key-file: " + e.getMessage());
        }
    }

    private static EncryptionKey parse(String text) {
        try {
            return EncryptionKey.fromBase64(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("secret-key " + e.getMessage());
        }
    }

    /** {@code none}, {@code set} or {@code file:PATH}; never the key. */
    @Override
    public String toString() {
        return !key.isEmpty() ? "set" : !keyFile.isEmpty() ? "file:" + keyFile : "none";
    }
}
