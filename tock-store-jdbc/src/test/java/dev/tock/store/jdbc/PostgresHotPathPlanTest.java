package dev.tock.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Plans of hot-path statements in the hot path's own session settings (sorts and scans off, generic plans), on a
 * store with many rows: each must reach its rows through an index condition, not walk a whole index in order.
 */
class PostgresHotPathPlanTest {
    private static final int RUNS = 2_000;
    private String schema;

    @BeforeEach
    void migrate() {
        schema = TestDatabases.freshSchemaName();
        JdbcStore.open(TestDatabases.postgres(schema)).close();
    }

    @AfterEach
    void drop() {
        TestDatabases.dropSchema(schema);
    }

    @Test
    void aCompletionLocksTheRunsOfItsJobsByTheirKeys() throws Exception {
        try (Connection c = DriverManager.getConnection(TestDatabases.POSTGRES_URL); Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
            s.execute("INSERT INTO tock_workflow_runs (id, namespace, workflow, definition, inputs, state, max_fan_out,"
                    + " max_step_output_bytes, created_at) SELECT gen_random_uuid()::text, 'default', 'chain', '{}', '{}', 'running',"
                    + " 10000, 262144, now() FROM generate_series(1, " + RUNS + ")");
            s.execute("INSERT INTO tock_workflow_steps (run_id, step, item_key, item_index, item_count, state, job_id, created_at)"
                    + " SELECT id, 'first', '', 0, 0, 'active', gen_random_uuid(), now() FROM tock_workflow_runs");
            s.execute("ANALYZE tock_workflow_runs");
            s.execute("ANALYZE tock_workflow_steps");
            UUID job = inHotPathSession(s, "SELECT job_id FROM tock_workflow_steps LIMIT 1");
            assertThat(plan(c, WorkflowRepository.LOCK_RUNS_OF_JOBS, job)).as("the plan of the runs' lock")
                    .contains("Index Cond: ((id)::text = ANY").doesNotContain("Rows Removed by");
        }
    }

    /**
     * A step's end reads its run's step-level instances before it knows the run's steps; with a fan-out of thousands of
     * items under way, and statistics not yet taken, that read must not walk the items.
     */
    @Test
    void aStepsEndReadsItsRunsStepLevelInstancesWithoutWalkingItsItems() throws Exception {
        try (Connection c = DriverManager.getConnection(TestDatabases.POSTGRES_URL); Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
            s.execute("INSERT INTO tock_workflow_runs (id, namespace, workflow, definition, inputs, state, max_fan_out,"
                    + " max_step_output_bytes, created_at) VALUES ('fan-out', 'default', 'scan', '{}', '{}', 'running', 10000, 262144, now())");
            s.execute("INSERT INTO tock_workflow_steps (run_id, step, item_key, item_index, item_count, state, job_id, created_at)"
                    + " VALUES ('fan-out', 'hosts', '', 0, 0, 'succeeded', gen_random_uuid(), now()),"
                    + " ('fan-out', 'ports', '', 0, 5000, 'active', NULL, now())");
            s.execute("INSERT INTO tock_workflow_steps (run_id, step, item_key, item_index, item_count, state, job_id, created_at)"
                    + " SELECT 'fan-out', 'ports', 'host-' || n, n, 0, 'active', gen_random_uuid(), now() FROM generate_series(1, 5000) AS n");
            UUID job = inHotPathSession(s, "SELECT job_id FROM tock_workflow_steps WHERE item_key = 'host-7'");
            assertThat(plan(c, WorkflowRepository.STEP_LEVEL_OF_JOBS, job)).as("the plan of the step-level read, before statistics")
                    .contains("tock_workflow_steps_step_level").doesNotContain("Rows Removed by");
            s.execute("ANALYZE tock_workflow_steps");
            assertThat(plan(c, WorkflowRepository.STEP_LEVEL_OF_JOBS, job)).as("the plan of the step-level read, after statistics")
                    .contains("tock_workflow_steps_step_level").doesNotContain("Rows Removed by");
        }
    }

    /** Turns the session into a hot-path one and returns the job id {@code query} reads. */
    private static UUID inHotPathSession(Statement s, String query) throws Exception {
        for (String setting : new PostgresDialect().hotPathSessionSql().orElseThrow().split(";")) {
            s.execute(setting);
        }
        try (ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getObject(1, UUID.class);
        }
    }

    private static String plan(Connection c, String sql, UUID job) throws Exception {
        StringBuilder plan = new StringBuilder();
        try (PreparedStatement explain = c.prepareStatement("EXPLAIN (ANALYZE) " + sql)) {
            explain.setArray(1, c.createArrayOf("uuid", new Object[] {job}));
            try (ResultSet rs = explain.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
        }
        return plan.toString();
    }
}
