package dev.tock.store;

import java.util.Optional;

/**
 * Opens stores by URL; implementations are found with {@link java.util.ServiceLoader}, so the core
 * never names a store implementation.
 */
public interface StoreProvider {

    /** Opens a store for {@code options.url()}, or returns empty when this provider does not handle it. */
    Optional<Store> open(StoreOptions options);
}
