package dev.tock.store.jdbc;

import dev.tock.engine.WorkflowCompatibilitySuite;
import dev.tock.store.Store;

class H2WorkflowTest extends WorkflowCompatibilitySuite {
    @Override
    protected Store newStore() {
        return JdbcStore.open(TestDatabases.freshH2());
    }
}
