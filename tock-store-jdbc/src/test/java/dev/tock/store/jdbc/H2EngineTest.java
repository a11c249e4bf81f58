package dev.tock.store.jdbc;

import dev.tock.engine.EngineCompatibilitySuite;
import dev.tock.store.Store;

class H2EngineTest extends EngineCompatibilitySuite {
    @Override
    protected Store newStore() {
        return JdbcStore.open(TestDatabases.freshH2());
    }
}
