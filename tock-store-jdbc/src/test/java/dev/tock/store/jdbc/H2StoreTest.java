package dev.tock.store.jdbc;

import dev.tock.store.Store;
import dev.tock.store.StoreCompatibilitySuite;

class H2StoreTest extends StoreCompatibilitySuite {
    @Override
    protected Store newStore() {
        return JdbcStore.open(TestDatabases.freshH2());
    }
}
