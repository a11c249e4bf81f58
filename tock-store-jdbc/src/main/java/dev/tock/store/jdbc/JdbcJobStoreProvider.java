package dev.tock.store.jdbc;

import dev.tock.store.JobStore;
import dev.tock.store.JobStoreProvider;
import dev.tock.store.StoreOptions;
import java.util.Optional;

/** Found by {@link java.util.ServiceLoader}: opens JDBC URLs for PostgreSQL and H2. */
public final class JdbcJobStoreProvider implements JobStoreProvider {
    @Override
    public Optional<JobStore> open(StoreOptions options) {
        if (Dialect.forUrl(options.url()) == null) {
            return Optional.empty();
        }
        return Optional.of(JdbcJobStore.open(options));
    }
}
