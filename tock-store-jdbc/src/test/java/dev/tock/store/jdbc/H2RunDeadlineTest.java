package dev.tock.store.jdbc;

import dev.tock.engine.RunDeadlineCompatibilitySuite;
import dev.tock.store.Store;

class H2RunDeadlineTest extends RunDeadlineCompatibilitySuite {
    @Override
    protected Store newStore() {
        return JdbcStore.open(TestDatabases.freshH2());
    }
}
