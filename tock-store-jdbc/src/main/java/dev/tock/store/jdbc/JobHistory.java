package dev.tock.store.jdbc;

import dev.tock.model.JobId;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where finished jobs go once they leave {@code tock_jobs}: a history partitioned by day on PostgreSQL
 * ({@link PartitionedJobHistory}), none on a store that keeps its finished jobs in {@code tock_jobs}
 * ({@link NoJobHistory}). Which one is chosen once, by {@link Dialect#keepsJobHistory}.
 */
sealed interface JobHistory permits PartitionedJobHistory, NoJobHistory {
    /** Jobs moved per statement. */
    int BATCH = 5_000;
    /** Days of partitions made ahead, so that a job finishing just after midnight always has its day. */
    int DAYS_AHEAD = 2;

    /** The history the dialect's store keeps: none where finished jobs stay in {@code tock_jobs}. */
    static JobHistory of(Dialect dialect) {
        return dialect.keepsJobHistory() ? new PartitionedJobHistory() : new NoJobHistory();
    }

    /** Whether this store keeps a history apart from {@code tock_jobs}. */
    boolean kept();

    /**
     * Makes the partitions of the days from the last one through {@value #DAYS_AHEAD} days after {@code now}'s,
     * one after the other, so that no day between is ever missing.
     */
    void ensurePartitions(Connection c, Instant now) throws SQLException;

    /**
     * What a PostgreSQL without autovacuum needs run on the history (outside a transaction): the days jobs still
     * move into, and the partition of jobs from before, vacuumed and analyzed. Without it their index-only reads
     * visit every row and the planner knows nothing of them; a day that no longer changes needs it no more.
     */
    List<String> vacuumStatements(Connection c, Instant now) throws SQLException;

    /** Moves up to {@value #BATCH} jobs that finished before {@code before} into the history; returns how many. */
    int archive(Connection c, Instant before) throws SQLException;

    /**
     * Drops the days of history that ended before {@code cutoff}, with their jobs' failed attempts and schedule
     * links, and deletes up to {@value #BATCH} jobs of the partition from before the first day that finished before
     * it; returns how many days and jobs went.
     */
    int deleteExpired(Connection c, Instant cutoff) throws SQLException;

    /**
     * Moves a job back from the history into {@code tock_jobs}, where it can change again (a retry).
     *
     * @return whether the history held it
     */
    boolean restore(Connection c, JobId id) throws SQLException;

    /** The state of a job in the history, read without a lock: a finished job changes only after {@link #restore}. */
    Optional<String> state(Connection c, JobId id) throws SQLException;

    /** The jobs in the history that hold any of {@code keys} in {@code namespace}, by key. */
    Map<String, JobId> keyHolders(Connection c, String namespace, Set<String> keys) throws SQLException;
}
