package dev.tock.store.jdbc;

import dev.tock.store.Store;
import dev.tock.store.StoreOptions;
import dev.tock.store.StoreProvider;
import java.util.Optional;

/** Found by {@link java.util.ServiceLoader}: opens JDBC URLs for PostgreSQL and H2. */
public final class JdbcStoreProvider implements StoreProvider {
    @Override
    public Optional<Store> open(StoreOptions options) {
        if (Dialect.forUrl(options.url()) == null) {
            return Optional.empty();
        }
        return Optional.of(JdbcStore.open(options));
    }
}
