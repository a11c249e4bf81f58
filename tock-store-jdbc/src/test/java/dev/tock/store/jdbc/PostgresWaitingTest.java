package dev.tock.store.jdbc;

import dev.tock.store.Store;
import dev.tock.engine.WaitingCompatibilitySuite;

class PostgresWaitingTest extends WaitingCompatibilitySuite {
    private final String schema = TestDatabases.freshSchemaName();

    @Override
    protected Store newStore() {
        return JdbcStore.open(TestDatabases.postgres(schema));
    }

    @Override
    protected void dropStore() {
        TestDatabases.dropSchema(schema);
    }
}
