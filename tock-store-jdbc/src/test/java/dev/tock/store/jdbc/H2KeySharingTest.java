package dev.tock.store.jdbc;

import dev.tock.store.Store;
import dev.tock.store.KeySharingCompatibilitySuite;

class H2KeySharingTest extends KeySharingCompatibilitySuite {
    @Override
    protected Store newStore() {
        return JdbcStore.open(TestDatabases.freshH2());
    }
}
