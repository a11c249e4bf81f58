package dev.tock.store.jdbc;

import dev.tock.engine.WorkflowCompatibilitySuite;
import dev.tock.store.Store;

class PostgresWorkflowTest extends WorkflowCompatibilitySuite {
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
