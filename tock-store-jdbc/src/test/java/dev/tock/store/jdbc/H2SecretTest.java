package dev.tock.store.jdbc;

import dev.tock.store.Store;
import dev.tock.store.SecretCompatibilitySuite;

class H2SecretTest extends SecretCompatibilitySuite {
    @Override
    protected Store newStore() {
        return JdbcStore.open(TestDatabases.freshH2());
    }
}
