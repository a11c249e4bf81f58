package dev.tock.store.jdbc;

import dev.tock.store.Store;
import dev.tock.store.SecurityCompatibilitySuite;

class H2SecurityTest extends SecurityCompatibilitySuite {
    @Override
    protected Store newStore() {
        return JdbcStore.open(TestDatabases.freshH2());
    }
}
