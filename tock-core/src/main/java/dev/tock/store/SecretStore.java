package dev.tock.store;

import dev.tock.secret.SealedSecret;
import dev.tock.secret.StoredSecret;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Secrets, sealed: the store keeps ciphertext, key ids and versions, and never sees a value in plain text. */
public interface SecretStore {

    /**
     * Creates or replaces a secret (all its values); safe when several callers save the same secret at once.
     *
     * @return true when this call created it, false when it replaced one
     * @throws dev.tock.model.UnknownNamespaceException when the namespace does not exist
     */
    boolean save(SealedSecret secret);

    Optional<StoredSecret> find(String namespace, String name);

    /** A namespace's secrets, by name. */
    List<StoredSecret> list(String namespace);

    /** False when there was none. */
    boolean delete(String namespace, String name);

    /**
     * Replaces every stored secret by {@code rewrite} of it, in one transaction: either all are rewritten
     * or, when {@code rewrite} throws, none is. Used to re-encrypt under a new key.
     *
     * @return how many secrets were rewritten
     */
    int rewriteAll(UnaryOperator<SealedSecret> rewrite);

    /** How many stored values each encryption key id sealed, to tell a node whose key is not the one in use. */
    Map<String, Long> valuesByKeyId();
}
