package dev.tock.store.jdbc;

import dev.tock.engine.EngineCompatibilitySuite;
import dev.tock.store.JobStore;

class H2EngineTest extends EngineCompatibilitySuite {
    @Override
    protected JobStore newStore() {
        return JdbcJobStore.open(TestDatabases.freshH2());
    }
}
