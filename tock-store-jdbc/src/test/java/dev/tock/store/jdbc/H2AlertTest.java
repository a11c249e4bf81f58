package dev.tock.store.jdbc;

import dev.tock.store.Store;
import dev.tock.store.AlertCompatibilitySuite;

class H2AlertTest extends AlertCompatibilitySuite {
    @Override
    protected Store newStore() {
        return JdbcStore.open(TestDatabases.freshH2());
    }
}
