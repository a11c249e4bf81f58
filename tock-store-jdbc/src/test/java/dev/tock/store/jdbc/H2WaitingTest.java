package dev.tock.store.jdbc;

import dev.tock.store.Store;
import dev.tock.engine.WaitingCompatibilitySuite;

class H2WaitingTest extends WaitingCompatibilitySuite {
    @Override
    protected Store newStore() {
        return JdbcStore.open(TestDatabases.freshH2());
    }
}
