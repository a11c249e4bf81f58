package dev.tock.store.jdbc;

import dev.tock.store.JobStore;
import dev.tock.store.StoreCompatibilitySuite;

class PostgresStoreTest extends StoreCompatibilitySuite {
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
