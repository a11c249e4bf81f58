package dev.tock.store.jdbc;

import dev.tock.engine.ScheduleCompatibilitySuite;
import dev.tock.store.Store;

class PostgresScheduleTest extends ScheduleCompatibilitySuite {
    private final String schema = TestDatabases.recycledSchema();

    @Override
    protected Store newStore() {
        return JdbcStore.open(TestDatabases.postgres(schema));
    }

    @Override
    protected void dropStore() {
        TestDatabases.giveBack(schema);
    }
}
