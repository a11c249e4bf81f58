package dev.tock.secret;

import java.util.Map;
import java.util.TreeMap;

/**
 * Re-encrypts sealed secrets from one key to another. A value already under the new key is read with it,
 * so that a rotation that stopped half-way, or ran twice, completes; a value under neither key is refused.
 */
public final class KeyRotation {
    private final SecretCipher from;
    private final SecretCipher to;

    public KeyRotation(EncryptionKey from, EncryptionKey to) {
        this.from = new SecretCipher(from);
        this.to = new SecretCipher(to);
    }

    /**
     * The secret under the new key, with its version under the new key.
     *
     * @throws SecretUnreadableException when a value is under neither key, or was altered
     */
    public SealedSecret reseal(SealedSecret sealed) {
        Map<String, String> data = new TreeMap<>();
        sealed.values().forEach((k, v) -> {
            SecretCipher reader = v.keyId().equals(to.key().id()) ? to : from;
            data.put(k, reader.open(sealed.namespace(), sealed.name(), k, v));
        });
        return to.seal(Secret.of(sealed.namespace(), sealed.name(), data));
    }
}
