package dev.tock.store;

import java.time.Duration;

/**
 * What a store needs to open.
 *
 * @param url JDBC URL of the database
 * @param poolSize maximum open connections
 * @param schema database schema to use and migrate; empty for the database's default
 * @param completionCommit whether the hot path's commits wait for the disk ({@code completion-commit})
 * @param jobRetention how long finished jobs are kept unless a job sets its own retention ({@code job-retention})
 * @param historyAfter how long a finished job stays among the unfinished ones before it moves to the history,
 *                     where the store keeps one apart
 */
public record StoreOptions(String url, int poolSize, String schema, CompletionCommit completionCommit, Duration jobRetention,
                           Duration historyAfter) {
    /** Finished jobs move to the history a minute after they end: their workflow or schedule has long read them by then. */
    public static final Duration DEFAULT_HISTORY_AFTER = Duration.ofMinutes(1);
    /** Kept two weeks, as {@code dev.tock.config.TockConfig}'s default. */
    public static final Duration DEFAULT_JOB_RETENTION = Duration.ofDays(14);

    public StoreOptions {
        completionCommit = completionCommit == null ? CompletionCommit.DURABLE : completionCommit;
        jobRetention = jobRetention == null ? DEFAULT_JOB_RETENTION : jobRetention;
        historyAfter = historyAfter == null ? DEFAULT_HISTORY_AFTER : historyAfter;
        if (jobRetention.isNegative() || jobRetention.isZero() || historyAfter.isNegative()) {
            throw new IllegalArgumentException("job retention must be positive and the history delay not negative");
        }
    }

    /** With the default retention and history delay. */
    public StoreOptions(String url, int poolSize, String schema, CompletionCommit completionCommit) {
        this(url, poolSize, schema, completionCommit, null, null);
    }

    /** With durable commits, the default. */
    public StoreOptions(String url, int poolSize, String schema) {
        this(url, poolSize, schema, CompletionCommit.DURABLE);
    }

    /** These options with another history delay (tests move finished jobs at once). */
    public StoreOptions withHistoryAfter(Duration delay) {
        return new StoreOptions(url, poolSize, schema, completionCommit, jobRetention, delay);
    }
}
