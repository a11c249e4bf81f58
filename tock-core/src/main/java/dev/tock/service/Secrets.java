package dev.tock.service;

import dev.tock.secret.EncryptionKey;
import dev.tock.secret.Secret;
import dev.tock.secret.SecretInfo;
import java.util.List;
import java.util.Optional;

/**
 * Secrets: values that executors reference ({@code valueFrom.secretKeyRef}) and that are never shown.
 * They are encrypted with this node's key before they reach the store; nothing here returns a value.
 */
public interface Secrets {

    /**
     * Encrypts and stores a secret, replacing all the values of one that exists.
     *
     * @return true when this call created it
     * @throws dev.tock.secret.SecretKeyMissingException when this node has no secret key
     * @throws dev.tock.model.UnknownNamespaceException when the namespace does not exist
     */
    boolean save(Secret secret);

    /**
     * The version {@link #save} would give these values, storing nothing: how {@code tock apply} tells
     * whether a Secret changed without ever reading its values.
     *
     * @throws dev.tock.secret.SecretKeyMissingException when this node has no secret key
     */
    String versionOf(Secret secret);

    /** Names, keys, version and times; never values. */
    Optional<SecretInfo> find(String namespace, String name);

    /** A namespace's secrets, by name; never values. */
    List<SecretInfo> list(String namespace);

    /** False when there was none. Jobs that reference it fail their attempts from then on. */
    boolean delete(String namespace, String name);

    /**
     * Re-encrypts every stored value under {@code to}, in one transaction; values already under it stay
     * readable, so the rotation can be run again after a failure.
     *
     * @return how many secrets were re-encrypted
     * @throws dev.tock.secret.SecretUnreadableException when a value is under neither key (nothing is changed)
     */
    int rotateKey(EncryptionKey from, EncryptionKey to);
}
