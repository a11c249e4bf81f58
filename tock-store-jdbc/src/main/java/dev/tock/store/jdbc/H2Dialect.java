package dev.tock.store.jdbc;

import java.util.Map;

/**
 * The embedded store. H2 has no partial indexes, so its indexes lead with {@code state}; it has no
 * SKIP LOCKED, which does not matter because only one process can open its file and writes are
 * serialised inside that process.
 */
final class H2Dialect implements Dialect {

    @Override
    public String name() {
        return "h2";
    }

    @Override
    public String prepareUrl(String url) {
        String prepared = url;
        for (String setting : new String[] {"MODE=PostgreSQL", "DATABASE_TO_LOWER=TRUE", "DEFAULT_NULL_ORDERING=HIGH"}) {
            String key = setting.substring(0, setting.indexOf('=') + 1);
            if (!prepared.toUpperCase(java.util.Locale.ROOT).contains(key)) {
                prepared = prepared + ";" + setting;
            }
        }
        return prepared;
    }

    @Override
    public String plusMillis(String timestamp) {
        return "DATEADD(MILLISECOND, CAST(? AS BIGINT), " + timestamp + ")";
    }

    @Override
    public String leaseStatement(String set, String candidates) {
        return "SELECT * FROM FINAL TABLE (UPDATE tock_jobs SET " + set + " WHERE id IN (" + candidates + "))";
    }

    @Override
    public String skipLockedClause() {
        return "";
    }

    @Override
    public boolean serializesWrites() {
        return true;
    }

    @Override
    public Map<String, String> migrationPlaceholders() {
        return Map.of(
                "text", "CHARACTER LARGE OBJECT",
                "due_columns", "state, priority DESC, run_at, id",
                "next_due_columns", "state, run_at",
                "lease_columns", "state, lease_expires_at",
                "running_queue_columns", "state, namespace, queue",
                "where_pending", "",
                "where_running", "");
    }
}
