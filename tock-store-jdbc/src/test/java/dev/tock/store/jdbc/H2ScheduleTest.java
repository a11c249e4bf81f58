package dev.tock.store.jdbc;

import dev.tock.engine.ScheduleCompatibilitySuite;
import dev.tock.store.Store;

class H2ScheduleTest extends ScheduleCompatibilitySuite {
    @Override
    protected Store newStore() {
        return JdbcStore.open(TestDatabases.freshH2());
    }
}
