package dev.tock.store.jdbc;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** PostgreSQL: row locks with SKIP LOCKED, one-statement leases, partial indexes. */
final class PostgresDialect implements Dialect {

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public String prepareUrl(String url, String schema) {
        String prepared = url.contains("reWriteBatchedInserts") ? url : append(url, "reWriteBatchedInserts=true");
        prepared = prepared.contains("ApplicationName") ? prepared : append(prepared, "ApplicationName=tock");
        return schema.isBlank() ? prepared : append(prepared, "currentSchema=" + schema);
    }

    private static String append(String url, String setting) {
        return url + (url.contains("?") ? "&" : "?") + setting;
    }

    @Override
    public String now() {
        return "statement_timestamp()";
    }

    @Override
    public String plus(String timestamp, String millis) {
        return "(" + timestamp + " + CAST(" + millis + " AS DOUBLE PRECISION) * INTERVAL '1 millisecond')";
    }

    @Override
    public Optional<String> unnest(List<String> types, String alias, List<String> columns) {
        String arrays = types.stream().map(t -> t.equals("TIMESTAMPTZ") ? "CAST(CAST(? AS TEXT[]) AS TIMESTAMPTZ[])"
                : "CAST(? AS " + t + "[])").collect(Collectors.joining(", "));
        return Optional.of("UNNEST(" + arrays + ") WITH ORDINALITY AS " + alias + "(" + String.join(", ", columns) + ", n)");
    }

    @Override
    public String millisSince(String column) {
        return "(EXTRACT(EPOCH FROM (" + column + " - CAST(? AS TIMESTAMP WITH TIME ZONE))) * 1000)";
    }

    @Override
    public Optional<String> leaseStatement(String set, String candidates) {
        return Optional.of("UPDATE tock_jobs AS t SET " + set + " FROM (SELECT c.id, ROW_NUMBER() OVER () AS lease_rank FROM ("
                + candidates + ") AS c) AS picked WHERE t.id = picked.id RETURNING t.*");
    }

    @Override
    public Optional<String> succeedManyStatement(String set) {
        return Optional.of("UPDATE tock_jobs AS t SET " + set + ", success_node = s.node,"
                + " success_started_at = " + JobRows.timestampFromMicros("s.started_us") + ","
                + " success_ended_at = " + JobRows.timestampFromMicros("s.ended_us") + ", success_output = s.output"
                + " FROM UNNEST(CAST(? AS UUID[]), CAST(? AS BIGINT[]), CAST(? AS TEXT[]),"
                + " CAST(? AS BIGINT[]), CAST(? AS BIGINT[]), CAST(? AS TEXT[]))"
                + " AS s(id, held_lease_token, node, started_us, ended_us, output)"
                + " WHERE t.id = s.id AND t.lease_token = s.held_lease_token RETURNING t.id");
    }

    /**
     * The hot path's plans must not depend on statistics, which a young table (or a server with
     * autovacuum off) lacks: without them PostgreSQL may sort every pending row to lease sixteen. Its
     * statements always have an index path, so scans and sorts that would bypass it are ruled out. They also
     * write the conditions of the partial indexes they use as literals, so a generic plan can use those indexes:
     * prepared statements keep their one generic plan, where PostgreSQL kept planning some anew on every
     * execution (the lease of a workflow's next step, a good part of each hand-off).
     */
    @Override
    public Optional<String> hotPathSessionSql() {
        return Optional.of("SET enable_seqscan = off; SET enable_bitmapscan = off; SET enable_sort = off;"
                + " SET plan_cache_mode = force_generic_plan");
    }

    /**
     * Commits that return before the WAL reaches the disk. A database crash then loses the last
     * moments of acknowledged leases and completions: finished jobs run again, and a fencing token can
     * be handed out twice. Only with {@code completion-commit=fast}.
     */
    @Override
    public Optional<String> fastCommitSessionSql() {
        return Optional.of("SET synchronous_commit = off");
    }

    /**
     * A job queue turns rows over fast; dead index entries of finished jobs sit ahead of due work in
     * the lease index until vacuum removes them. With autovacuum off, Tock vacuums its tables itself.
     */
    @Override
    public List<String> maintenanceStatements(boolean autovacuumOff) {
        return autovacuumOff ? List.of("VACUUM (ANALYZE, SKIP_LOCKED) tock_jobs", "VACUUM (SKIP_LOCKED) tock_attempts") : List.of();
    }

    @Override
    public Optional<String> autovacuumOffQuery() {
        return Optional.of("SELECT current_setting('autovacuum') = 'off'");
    }

    @Override
    public String pendingOrderPrefix() {
        return "";
    }

    @Override
    public String skipLockedClause() {
        return " FOR UPDATE SKIP LOCKED";
    }

    @Override
    public boolean serializesWrites() {
        return false;
    }

    /** Finished jobs move to a history partitioned by day (see {@link PartitionedJobHistory}). */
    @Override
    public boolean keepsJobHistory() {
        return true;
    }

    @Override
    public boolean pipelines() {
        return true;
    }

    /** Parking needs the partial indexes that hold a limited queue's lane apart from the lease order. */
    @Override
    public boolean parksJobs() {
        return true;
    }

    @Override
    public Map<String, String> migrationPlaceholders() {
        return Map.ofEntries(
                Map.entry("text", "TEXT"),
                // Vacuum and analyze after 2% of rows change, not the default 20%: the table is a queue.
                Map.entry("jobs_storage", "WITH (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02)"),
                Map.entry("stored", "STORED"),
                Map.entry("due_index", "(priority DESC, run_at, id) WHERE pending"),
                Map.entry("next_due_index", "(run_at) WHERE pending"),
                Map.entry("lease_index", "(lease_expires_at) WHERE state = 'running'"),
                Map.entry("idempotency_index", "(namespace, idempotency_key) WHERE idempotency_key IS NOT NULL"),
                Map.entry("finished_index", "(namespace, finished_at) WHERE finished_at IS NOT NULL"),
                Map.entry("retention_index", "(retention_ms) WHERE retention_ms IS NOT NULL"),
                Map.entry("running_runs_index", "(namespace, workflow) WHERE state = 'running'"),
                // Waiting items (those with no job yet) by a column that an item's end leaves as it was.
                Map.entry("waiting_items_index", "(run_id, step, item_index) WHERE job_id IS NULL"),
                // A run's step-level instances by the run alone; a fan-out's items never enter it.
                Map.entry("step_level_index", "CREATE INDEX tock_workflow_steps_step_level ON tock_workflow_steps (run_id) WHERE item_key = '';"),
                // Room on each page for an instance's ended version, which then needs no index entry.
                Map.entry("steps_storage", "ALTER TABLE tock_workflow_steps SET (fillfactor = 50);"),
                // Unparked rows first in the lease orders, so unlimited leases walk only them; each limited queue's lane apart.
                Map.entry("parking_indexes", """
                        DROP INDEX tock_jobs_due;
                        CREATE INDEX tock_jobs_due ON tock_jobs (parked, priority DESC, run_at, id) WHERE pending;
                        DROP INDEX tock_jobs_next_due;
                        CREATE INDEX tock_jobs_next_due ON tock_jobs (parked, run_at) WHERE pending;
                        CREATE INDEX tock_jobs_parked ON tock_jobs (namespace, queue, priority DESC, run_at, id) WHERE pending AND parked;
                        CREATE INDEX tock_jobs_parked_next ON tock_jobs (namespace, queue, run_at) WHERE pending AND parked;
                        """),
                Map.entry("job_history", """
                        CREATE TABLE tock_job_history (LIKE tock_jobs INCLUDING DEFAULTS) PARTITION BY RANGE (finished_at);
                        CREATE TABLE tock_job_history_before PARTITION OF tock_job_history
                            FOR VALUES FROM (MINVALUE) TO (date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC');
                        CREATE INDEX tock_job_history_id ON tock_job_history (id);
                        CREATE INDEX tock_job_history_finished ON tock_job_history (namespace, finished_at);
                        CREATE INDEX tock_job_history_idempotency ON tock_job_history (namespace, idempotency_key)
                            WHERE idempotency_key IS NOT NULL;
                        CREATE VIEW tock_jobs_all AS SELECT * FROM tock_jobs UNION ALL SELECT * FROM tock_job_history;
                        """));
    }
}
