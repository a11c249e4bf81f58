package dev.tock.store.jdbc;

import dev.tock.store.JobHistoryCompatibilitySuite;
import dev.tock.store.Store;

class H2JobHistoryTest extends JobHistoryCompatibilitySuite {
    @Override
    protected Store newStore() {
        return JdbcStore.open(TestDatabases.freshH2());
    }
}
