package dev.tock.secret;

/**
 * One value as the store keeps it: encrypted, with the id of the key that encrypted it, so that a node
 * with another key says which one it would need, and rotation knows what is left to re-encrypt.
 *
 * @param keyId {@link EncryptionKey#id()} of the key that encrypted it
 * @param ciphertext base64 of the 96-bit nonce, the ciphertext and the 128-bit GCM tag
 */
public record SealedValue(String keyId, String ciphertext) {
    public SealedValue {
        if (keyId == null || keyId.isBlank() || ciphertext == null || ciphertext.isBlank()) {
            throw new IllegalArgumentException("a sealed value needs a key id and a ciphertext");
        }
    }
}
