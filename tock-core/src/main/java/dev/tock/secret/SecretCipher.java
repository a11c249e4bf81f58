package dev.tock.secret;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens Secrets with the JDK's AES-256-GCM: a random 96-bit nonce per value, a 128-bit tag, and
 * the value's namespace, secret name and key as associated data, so that a ciphertext moved to another
 * secret or key is refused like an altered one. Also computes a secret's {@link #version}: an HMAC-SHA256
 * of its values under a key derived from the encryption key, so equal values compare equal while
 * nobody without the key can test a guess against it.
 */
public final class SecretCipher {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int VERSION_BYTES = 16;
    private static final byte[] VERSION_LABEL = "tock secret version v1".getBytes(StandardCharsets.UTF_8);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final EncryptionKey key;
    private final SecretKeySpec aesKey;
    private final SecretKeySpec macKey;

    public SecretCipher(EncryptionKey key) {
        this.key = key;
        byte[] raw = key.bytes();
        this.aesKey = new SecretKeySpec(raw, "AES");
        this.macKey = new SecretKeySpec(hmac(new SecretKeySpec(raw, "HmacSHA256"), VERSION_LABEL), "HmacSHA256");
        Arrays.fill(raw, (byte) 0);
    }

    public EncryptionKey key() {
        return key;
    }

    /** Every value of {@code secret} encrypted under this cipher's key, with the secret's version. */
    public SealedSecret seal(Secret secret) {
        Map<String, SealedValue> values = new TreeMap<>();
        secret.data().forEach((k, v) -> values.put(k, seal(secret.namespace(), secret.name(), k, v)));
        return SealedSecret.of(secret.namespace(), secret.name(), values, version(secret));
    }

    /** The secret in plain text. */
    public Secret open(SealedSecret sealed) {
        Map<String, String> data = new TreeMap<>();
        sealed.values().forEach((k, v) -> data.put(k, open(sealed.namespace(), sealed.name(), k, v)));
        return Secret.of(sealed.namespace(), sealed.name(), data);
    }

    SealedValue seal(String namespace, String name, String itemKey, String plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(namespace, name, itemKey));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
            return new SealedValue(key.id(), Base64.getEncoder().encodeToString(out));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK: " + e.getMessage(), e);
        }
    }

    /**
     * One value in plain text.
     *
     * @throws SecretUnreadableException when another key encrypted it, or it was altered or moved
     */
    public String open(String namespace, String name, String itemKey, SealedValue sealed) {
        String where = "secret " + name + ", key " + itemKey + " (namespace " + namespace + ")";
        if (!sealed.keyId().equals(key.id())) {
            throw new SecretUnreadableException(where + " was encrypted with the secret key of id " + sealed.keyId()
                    + ", but this node's secret key has id " + key.id() + ": start the node with that key, or re-encrypt"
                    + " with tock secrets rotate-key");
        }
        byte[] data;
        try {
            data = Base64.getDecoder().decode(sealed.ciphertext());
        } catch (IllegalArgumentException e) {
            throw altered(where);
        }
        if (data.length < NONCE_BYTES + TAG_BITS / 8) {
            throw altered(where);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, aesKey, new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData(namespace, name, itemKey));
            return new String(cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw altered(where);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK: " + e.getMessage(), e);
        }
    }

    private static SecretUnreadableException altered(String where) {
        return new SecretUnreadableException(where + " failed its integrity check: the stored value was altered, or"
                + " belongs to another secret");
    }

    /**
     * The version of a secret's values: 32 hex digits of an HMAC over namespace, name and every key and
     * value. Equal under the same encryption key for equal values; another key gives another version.
     */
    public String version(Secret secret) {
        ByteArrayOutputStream canonical = new ByteArrayOutputStream();
        field(canonical, secret.namespace());
        field(canonical, secret.name());
        secret.data().forEach((k, v) -> {
            field(canonical, k);
            field(canonical, v);
        });
        return HexFormat.of().formatHex(Arrays.copyOf(hmac(macKey, canonical.toByteArray()), VERSION_BYTES));
    }

    /** Namespace, secret name and key, each with its length, so that no two triples give the same bytes. */
    private static byte[] associatedData(String namespace, String name, String itemKey) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        field(out, "tock secret v1");
        field(out, namespace);
        field(out, name);
        field(out, itemKey);
        return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }

    private static byte[] hmac(SecretKeySpec macKey, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(macKey);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JDK: " + e.getMessage(), e);
        }
    }
}
