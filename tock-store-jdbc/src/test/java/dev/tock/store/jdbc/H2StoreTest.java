package dev.tock.store.jdbc;

import dev.tock.store.JobStore;
import dev.tock.store.StoreCompatibilitySuite;

class H2StoreTest extends StoreCompatibilitySuite {
    @Override
    protected JobStore newStore() {
        return JdbcJobStore.open(TestDatabases.freshH2());
    }
}
