package dev.tock.store.jdbc;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded store. H2 has no partial indexes, so its indexes lead with the filtered column; it has no
 * SKIP LOCKED, which does not matter because only one process can open its file and writes are
 * serialised inside that process.
 */
final class H2Dialect implements Dialect {

    @Override
    public String name() {
        return "h2";
    }

    @Override
    public String prepareUrl(String url, String schema) {
        String prepared = schema.isBlank() ? url : url + ";INIT=CREATE SCHEMA IF NOT EXISTS " + schema + "\\;SET SCHEMA " + schema;
        for (String setting : new String[] {"MODE=PostgreSQL", "DATABASE_TO_LOWER=TRUE", "DEFAULT_NULL_ORDERING=HIGH"}) {
            String key = setting.substring(0, setting.indexOf('=') + 1);
            if (!prepared.toUpperCase(java.util.Locale.ROOT).contains(key)) {
                prepared = prepared + ";" + setting;
            }
        }
        return prepared;
    }

    @Override
    public String now() {
        return "CURRENT_TIMESTAMP";
    }

    /** Through epoch seconds: H2's DATEDIFF compares the local times of values with different offsets. */
    @Override
    public String millisSince(String column) {
        return "((EXTRACT(EPOCH FROM " + column + ") - EXTRACT(EPOCH FROM CAST(? AS TIMESTAMP WITH TIME ZONE))) * 1000)";
    }

    @Override
    public String plus(String timestamp, String millis) {
        return "DATEADD(MILLISECOND, CAST(" + millis + " AS BIGINT), " + timestamp + ")";
    }

    /** The embedded store inserts many jobs as a JDBC batch: one process, no round trips to save. */
    @Override
    public Optional<String> unnest(List<String> types, String alias, List<String> columns) {
        return Optional.empty();
    }

    /** H2 would scan the table for an UPDATE ... WHERE id IN (subquery); the store leases row by row instead. */
    @Override
    public Optional<String> leaseStatement(String set, String candidates) {
        return Optional.empty();
    }

    @Override
    public Optional<String> succeedManyStatement(String set) {
        return Optional.empty();
    }

    @Override
    public Optional<String> hotPathSessionSql() {
        return Optional.empty();
    }

    /** Every H2 commit is the same: {@code completion-commit} changes nothing on the embedded store. */
    @Override
    public Optional<String> fastCommitSessionSql() {
        return Optional.empty();
    }

    @Override
    public List<String> maintenanceStatements(boolean autovacuumOff) {
        return List.of();
    }

    @Override
    public Optional<String> autovacuumOffQuery() {
        return Optional.empty();
    }

    @Override
    public String pendingOrderPrefix() {
        return "j.pending, ";
    }

    @Override
    public String skipLockedClause() {
        return "";
    }

    @Override
    public boolean serializesWrites() {
        return true;
    }

    /** The embedded store keeps its finished jobs in tock_jobs, deleted row by row past their retention. */
    @Override
    public boolean keepsJobHistory() {
        return false;
    }

    @Override
    public boolean pipelines() {
        return false;
    }

    /** The embedded store serialises its writes and has no partial indexes: one lease order serves it. */
    @Override
    public boolean parksJobs() {
        return false;
    }

    @Override
    public Map<String, String> migrationPlaceholders() {
        return Map.ofEntries(
                Map.entry("text", "CHARACTER LARGE OBJECT"),
                Map.entry("jobs_storage", ""),
                Map.entry("stored", ""),
                Map.entry("due_index", "(pending, priority DESC, run_at, id)"),
                Map.entry("next_due_index", "(pending, run_at)"),
                Map.entry("lease_index", "(state, lease_expires_at)"),
                Map.entry("idempotency_index", "(namespace, idempotency_key)"),
                Map.entry("finished_index", "(namespace, finished_at)"),
                Map.entry("retention_index", "(retention_ms)"),
                Map.entry("running_runs_index", "(state, namespace, workflow)"),
                Map.entry("waiting_items_index", "(run_id, step, item_index)"),
                Map.entry("step_level_index", ""),
                Map.entry("steps_storage", ""),
                Map.entry("parking_indexes", ""),
                // One table: the view only names it, so that reads are written once for both stores.
                Map.entry("job_history", "CREATE VIEW tock_jobs_all AS SELECT * FROM tock_jobs;"));
    }
}
