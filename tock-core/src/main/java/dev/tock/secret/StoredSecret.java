package dev.tock.secret;

import java.time.Instant;

/** A sealed Secret with the store's times of its creation and last change. */
public record StoredSecret(SealedSecret sealed, Instant createdAt, Instant updatedAt) {

    /** What may be shown of it: names, keys, version and times. */
    public SecretInfo info() {
        return new SecretInfo(sealed.namespace(), sealed.name(), java.util.List.copyOf(sealed.values().keySet()), sealed.version(),
                createdAt, updatedAt);
    }
}
