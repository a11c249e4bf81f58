package dev.tock.engine;

import dev.tock.model.SecretKeyRef;
import dev.tock.secret.SecretCipher;
import dev.tock.secret.SecretResolver;
import dev.tock.secret.SecretUnavailableException;
import dev.tock.secret.SecretUnreadableException;
import dev.tock.secret.SealedValue;
import dev.tock.secret.StoredSecret;
import dev.tock.store.SecretStore;
import java.util.Optional;

/** Resolves references for the executors: reads the sealed value from the store and decrypts it with this node's key. */
final class SecretValues implements SecretResolver {
    private final SecretStore store;
    private final Optional<SecretCipher> cipher;

    SecretValues(SecretStore store, Optional<SecretCipher> cipher) {
        this.store = store;
        this.cipher = cipher;
    }

    @Override
    public String resolve(String namespace, SecretKeyRef ref) {
        StoredSecret secret = store.find(namespace, ref.name()).orElseThrow(() -> new SecretUnavailableException(
                "secret " + ref.name() + " does not exist in namespace " + namespace));
        SealedValue value = secret.sealed().values().get(ref.key());
        if (value == null) {
            throw new SecretUnavailableException("secret " + ref.name() + " has no key " + ref.key() + " (keys: "
                    + String.join(", ", secret.sealed().values().keySet()) + ")");
        }
        SecretCipher reader = cipher.orElseThrow(() -> new SecretUnavailableException(
                "this node has no secret key to read " + ref.describe() + " (set secret-key-file or secret-key)"));
        try {
            return reader.open(namespace, ref.name(), ref.key(), value);
        } catch (SecretUnreadableException e) {
            throw new SecretUnavailableException(e.getMessage());
        }
    }
}
