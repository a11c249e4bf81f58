package dev.tock.store.jdbc;

import dev.tock.model.JobId;
import java.sql.Connection;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The history of a store that keeps none (the embedded H2 store): its finished jobs stay in {@code tock_jobs},
 * deleted row by row past their retention, so every method does nothing and finds nothing.
 */
final class NoJobHistory implements JobHistory {
    @Override
    public boolean kept() {
        return false;
    }

    @Override
    public void ensurePartitions(Connection c, Instant now) {
    }

    @Override
    public List<String> vacuumStatements(Connection c, Instant now) {
        return List.of();
    }

    @Override
    public int archive(Connection c, Instant before) {
        return 0;
    }

    @Override
    public int deleteExpired(Connection c, Instant cutoff) {
        return 0;
    }

    @Override
    public boolean restore(Connection c, JobId id) {
        return false;
    }

    @Override
    public Optional<String> state(Connection c, JobId id) {
        return Optional.empty();
    }

    @Override
    public Map<String, JobId> keyHolders(Connection c, String namespace, Set<String> keys) {
        return new HashMap<>();
    }
}
