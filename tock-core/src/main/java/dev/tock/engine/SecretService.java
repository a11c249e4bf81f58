package dev.tock.engine;

import dev.tock.model.Names;
import dev.tock.secret.EncryptionKey;
import dev.tock.secret.KeyRotation;
import dev.tock.secret.Secret;
import dev.tock.secret.SecretCipher;
import dev.tock.secret.SecretInfo;
import dev.tock.secret.SecretKeyMissingException;
import dev.tock.secret.StoredSecret;
import dev.tock.service.Secrets;
import dev.tock.store.SecretStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Secrets} on this node: values are sealed with this node's key before they reach the store. */
final class SecretService implements Secrets {
    private static final Logger log = LoggerFactory.getLogger(SecretService.class);
    private final SecretStore store;
    private final Optional<SecretCipher> cipher;

    SecretService(SecretStore store, Optional<SecretCipher> cipher) {
        this.store = store;
        this.cipher = cipher;
    }

    @Override
    public boolean save(Secret secret) {
        boolean created = store.save(cipher("storing secret " + secret.name()).seal(secret));
        log.atInfo().addKeyValue("namespace", secret.namespace()).addKeyValue("secret", secret.name())
                .log("secret {} {} in namespace {} with keys {}", secret.name(), created ? "created" : "replaced", secret.namespace(),
                        secret.data().keySet());
        return created;
    }

    @Override
    public String versionOf(Secret secret) {
        return cipher("comparing secret " + secret.name()).version(secret);
    }

    @Override
    public Optional<SecretInfo> find(String namespace, String name) {
        return store.find(namespace, name).map(StoredSecret::info);
    }

    @Override
    public List<SecretInfo> list(String namespace) {
        return store.list(namespace).stream().map(StoredSecret::info).toList();
    }

    @Override
    public boolean delete(String namespace, String name) {
        Names.requireResourceName("namespace", namespace);
        Names.requireResourceName("name", name);
        return store.delete(namespace, name);
    }

    @Override
    public int rotateKey(EncryptionKey from, EncryptionKey to) {
        KeyRotation rotation = new KeyRotation(from, to);
        int count = store.rewriteAll(rotation::reseal);
        log.info("re-encrypted {} secrets from secret key {} to {}", count, from.id(), to.id());
        return count;
    }

    /**
     * Warns when stored values were sealed by a key other than this node's: jobs referencing them will fail
     * here until the node gets that key or the values are re-encrypted.
     */
    void checkKey() {
        Map<String, Long> byKey;
        try {
            byKey = store.valuesByKeyId();
        } catch (RuntimeException e) {
            log.warn("could not compare the keys of stored secrets with this node's: {}", e.toString());
            return;
        }
        String mine = cipher.map(c -> c.key().id()).orElse("(none)");
        byKey.forEach((keyId, count) -> {
            if (!keyId.equals(mine)) {
                log.warn("{} secret values were encrypted with secret key {}, but this node's secret key is {}: jobs that"
                        + " reference them fail here; start the node with that key (secret-key-file) or re-encrypt them with"
                        + " tock secrets rotate-key", count, keyId, mine);
            }
        });
    }

    private SecretCipher cipher(String what) {
        return cipher.orElseThrow(() -> new SecretKeyMissingException(what));
    }
}
