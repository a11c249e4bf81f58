package dev.tock.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Token secrets: generated from {@link SecureRandom}, shown once, stored as a SHA-256 hash. A plain
 * hash is enough because the secrets are 256 random bits, not passwords a dictionary could guess;
 * hashes are compared in constant time.
 */
public final class TokenSecrets {
    /** Every secret Tock generates starts with it, so that secret scanners can spot leaked ones. */
    public static final String PREFIX = "tock_";
    private static final int SECRET_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private TokenSecrets() {
    }

    /** A new secret: {@code tock_} and 32 random bytes, base64url. */
    public static String newSecret() {
        return PREFIX + random(SECRET_BYTES);
    }

    /** {@code bytes} random bytes as base64url text, for ids, session ids and CSRF tokens. */
    public static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return BASE64URL.encodeToString(b);
    }

    /** A new token id: 12 random bytes, base64url (16 characters). */
    public static String newId() {
        return random(12);
    }

    /** The SHA-256 hash of a secret, as 64 lower-case hex digits: what the store keeps. */
    public static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Whether two hashes are equal, in time that does not depend on where they differ. */
    public static boolean sameHash(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
