package dev.tock.store.jdbc;

import dev.tock.engine.ScheduleCompatibilitySuite;
import dev.tock.store.JobStore;

class H2ScheduleTest extends ScheduleCompatibilitySuite {
    @Override
    protected JobStore newStore() {
        return JdbcJobStore.open(TestDatabases.freshH2());
    }
}
