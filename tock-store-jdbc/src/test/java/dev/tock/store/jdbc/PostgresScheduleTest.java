package dev.tock.store.jdbc;

import dev.tock.engine.ScheduleCompatibilitySuite;
import dev.tock.store.JobStore;

class PostgresScheduleTest extends ScheduleCompatibilitySuite {
    private final String schema = TestDatabases.freshSchemaName();

    @Override
    protected JobStore newStore() {
        return JdbcJobStore.open(TestDatabases.postgres(schema));
    }

    @Override
    protected void dropStore() {
        TestDatabases.dropSchema(schema);
    }
}
