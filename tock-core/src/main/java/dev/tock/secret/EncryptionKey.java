package dev.tock.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The 256-bit key that Secrets are encrypted with ({@code secret-key}, {@code secret-key-file}). Its
 * {@link #id()} — the first 8 bytes of its SHA-256, in hex — is stored beside every value it encrypts;
 * the key itself is never stored, logged or shown ({@link #toString()} gives the id only).
 */
public final class EncryptionKey {
    public static final int BYTES = 32;
    private static final int ID_BYTES = 8;
    private final byte[] bytes;
    private final String id;

    private EncryptionKey(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("a secret key must be " + BYTES + " bytes (256 bits), was " + bytes.length
                    + "; make one with: openssl rand -base64 32");
        }
        this.bytes = bytes.clone();
        this.id = HexFormat.of().formatHex(Arrays.copyOf(sha256(bytes), ID_BYTES));
    }

    public static EncryptionKey of(byte[] bytes) {
        return new EncryptionKey(bytes);
    }

    /** A new random key, e.g. for tests. */
    public static EncryptionKey generate() {
        byte[] bytes = new byte[BYTES];
        new SecureRandom().nextBytes(bytes);
        return new EncryptionKey(bytes);
    }

    /** The key from its base64 text (standard or URL-safe alphabet); the error never repeats the text. */
    public static EncryptionKey fromBase64(String text) {
        return new EncryptionKey(decode(text).orElseThrow(() -> new IllegalArgumentException(
                "is not base64 of " + BYTES + " bytes; make one with: openssl rand -base64 32")));
    }

    /**
     * The key in a file: base64 text (as {@code openssl rand -base64 32} writes it, or a Kubernetes Secret
     * created with {@code --from-literal}) or exactly 32 raw bytes.
     */
    public static EncryptionKey fromFile(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
        try {
            return decode(new String(content, StandardCharsets.ISO_8859_1)).map(EncryptionKey::new)
                    .orElseGet(() -> new EncryptionKey(content));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " holds neither base64 of " + BYTES + " bytes nor " + BYTES
                    + " raw bytes; make one with: openssl rand -base64 32 > " + file);
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    private static java.util.Optional<byte[]> decode(String text) {
        String trimmed = text == null ? "" : text.strip();
        for (Base64.Decoder decoder : new Base64.Decoder[] {Base64.getDecoder(), Base64.getUrlDecoder()}) {
            try {
                byte[] decoded = decoder.decode(trimmed);
                if (decoded.length == BYTES) {
                    return java.util.Optional.of(decoded);
                }
            } catch (IllegalArgumentException e) {
                // not this alphabet
            }
        }
        return java.util.Optional.empty();
    }

    /** The key's id: 16 hex digits, stored with every value it encrypts. */
    public String id() {
        return id;
    }

    /** The raw key, for {@link SecretCipher} only. */
    byte[] bytes() {
        return bytes.clone();
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EncryptionKey k && MessageDigest.isEqual(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    /** The id only, never the key. */
    @Override
    public String toString() {
        return "EncryptionKey[id=" + id + "]";
    }
}
