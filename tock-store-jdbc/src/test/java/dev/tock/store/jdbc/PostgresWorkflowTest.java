package dev.tock.store.jdbc;

import dev.tock.engine.WorkflowCompatibilitySuite;
import dev.tock.store.Store;
import java.time.Duration;
import org.junit.jupiter.api.Test;

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

    /**
     * The test, on PostgreSQL only (it lasts 30 s): a schedule naming a workflow ({@code spec.workflow}) fires
     * every second for 30 s with overlap forbid; runs never overlap and every nominal time is recorded.
     */
    @Test
    void aScheduleNamingAWorkflowStartsRunsEverySecondFor30sWithoutOverlap() {
        aScheduleStartsAWorkflowEverySecondWithForbid(Duration.ofSeconds(30), true);
    }
}
