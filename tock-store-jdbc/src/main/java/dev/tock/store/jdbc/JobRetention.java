package dev.tock.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Deletes finished jobs past their own retention ({@code retention_ms}, Kubernetes' {@code ttlSecondsAfterFinished})
 * with their attempts, counting what they did first as a schedule's history limits do, so throughput still
 * counts them; and those without one past the store's {@code job-retention} that are still here: every finished job
 * where the store keeps no history apart, a schedule's runs where it does (see {@link JobHistory}). Runs with store maintenance, a bounded batch at a time.
 */
final class JobRetention {
    static final int BATCH = 1000;
    private final String expiredJobs;
    private final String pastStoreRetention;

    JobRetention(Dialect dialect) {
        // finished_at + retention <= now, as (finished_at - now) in milliseconds + retention <= 0.
        this.expiredJobs = "SELECT id FROM tock_jobs WHERE retention_ms IS NOT NULL AND state IN ('succeeded', 'dead', 'cancelled')"
                + " AND finished_at IS NOT NULL AND " + dialect.millisSince("finished_at") + " + retention_ms <= 0 LIMIT " + BATCH;
        // Where the history is apart, only a schedule's runs are left here of the finished jobs without a retention.
        this.pastStoreRetention = "SELECT id FROM tock_jobs WHERE retention_ms IS NULL"
                + " AND state IN ('succeeded', 'dead', 'cancelled') AND finished_at < ? LIMIT " + BATCH;
    }

    /**
     * Deletes up to {@value #BATCH} finished jobs whose own retention has passed at {@code now}, and as many that
     * finished before {@code cutoff} without one; returns how many.
     */
    int deleteExpired(Connection c, Instant now, Instant cutoff) throws SQLException {
        List<UUID> expired = new java.util.ArrayList<>(Sql.list(c, expiredJobs, rs -> rs.getObject("id", UUID.class), now));
        expired.addAll(Sql.list(c, pastStoreRetention, rs -> rs.getObject("id", UUID.class), cutoff));
        PrunedActivity.count(c, expired);
        for (String delete : List.of("DELETE FROM tock_attempts WHERE job_id = ?", "DELETE FROM tock_schedule_jobs WHERE job_id = ?",
                "DELETE FROM tock_jobs WHERE id = ?")) {
            Sql.batch(c, delete, expired, id -> new Object[] {id});
        }
        return expired.size();
    }
}
