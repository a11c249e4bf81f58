package dev.tock.store.jdbc;

import dev.tock.store.JobStore;
import dev.tock.store.SecurityCompatibilitySuite;

class H2SecurityTest extends SecurityCompatibilitySuite {
    @Override
    protected JobStore newStore() {
        return JdbcJobStore.open(TestDatabases.freshH2());
    }
}
