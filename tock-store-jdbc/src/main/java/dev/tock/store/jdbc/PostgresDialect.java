package dev.tock.store.jdbc;

import java.util.Map;

/** PostgreSQL: row locks with SKIP LOCKED, one-statement leases, partial indexes. */
final class PostgresDialect implements Dialect {
    private static final String PENDING = "WHERE state IN ('scheduled', 'ready', 'failed')";
    private static final String RUNNING = "WHERE state = 'running'";

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public String prepareUrl(String url) {
        String withRewrite = url.contains("reWriteBatchedInserts") ? url : append(url, "reWriteBatchedInserts=true");
        return withRewrite.contains("ApplicationName") ? withRewrite : append(withRewrite, "ApplicationName=tock");
    }

    private static String append(String url, String setting) {
        return url + (url.contains("?") ? "&" : "?") + setting;
    }

    @Override
    public String plusMillis(String timestamp) {
        return "(" + timestamp + " + CAST(? AS DOUBLE PRECISION) * INTERVAL '1 millisecond')";
    }

    @Override
    public String leaseStatement(String set, String candidates) {
        return "UPDATE tock_jobs AS t SET " + set + " FROM (" + candidates + ") AS picked WHERE t.id = picked.id RETURNING t.*";
    }

    @Override
    public String skipLockedClause() {
        return " FOR UPDATE SKIP LOCKED";
    }

    @Override
    public boolean serializesWrites() {
        return false;
    }

    @Override
    public Map<String, String> migrationPlaceholders() {
        return Map.of(
                "text", "TEXT",
                "due_columns", "priority DESC, run_at, id",
                "next_due_columns", "run_at",
                "lease_columns", "lease_expires_at",
                "running_queue_columns", "namespace, queue",
                "where_pending", PENDING,
                "where_running", RUNNING);
    }
}
