package dev.tock.store.jdbc;

import dev.tock.model.JobState;
import dev.tock.model.RecentFailure;
import dev.tock.model.ThroughputBucket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * What operators read about recent work: jobs finished and attempts failed per time bucket, and the
 * latest failures. Both read only recent rows, through indexes that finished jobs and failed attempts
 * enter once ({@code tock_jobs_finished}, {@code tock_attempts_ended}), so their cost follows the
 * work done in the range asked for, not the size of the history. Throughput adds what the rows that
 * history limits deleted had done ({@link PrunedActivity}).
 */
final class JobStatistics {
    /** The most buckets one request may ask for: a day by the minute. */
    static final int MAX_BUCKETS = 1440;
    private final Transactions tx;
    private final Dialect dialect;
    private final String countsSql;

    JobStatistics(Transactions tx, Dialect dialect) {
        this.tx = tx;
        this.dialect = dialect;
        this.countsSql = countsSql(dialect);
    }

    List<ThroughputBucket> throughput(String namespace, Instant from, Duration bucket) {
        if (bucket.toMillis() < 1000) {
            throw new IllegalArgumentException("bucket must be at least 1s, was " + bucket);
        }
        return tx.run("reading throughput", c -> {
            Instant now = storeNow(c);
            long millis = bucket.toMillis();
            int count = (int) Math.min(MAX_BUCKETS, Math.max(1, Duration.between(from, now).toMillis() / millis + 1));
            long[][] totals = new long[count][4];
            // Kept rows and the counts of pruned ones in one statement: one snapshot, so that a prune
            // committing meanwhile is counted exactly once.
            for (Count n : Sql.list(c, countsSql, Count::of, from, millis, namespace, from, from, millis, from, namespace,
                    from, millis, namespace, from.truncatedTo(ChronoUnit.MINUTES))) {
                add(totals, n.bucket(), column(n.kind()), n.n());
            }
            List<ThroughputBucket> buckets = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long[] t = totals[i];
                buckets.add(new ThroughputBucket(from.plusMillis(i * millis), t[0], t[1], t[2], t[3]));
            }
            return buckets;
        });
    }

    /**
     * Per bucket and kind: jobs finished (by state) and attempts failed, of the rows kept, plus the counts
     * of rows that history limits deleted. Those are per minute, so with buckets shorter than a minute a
     * deleted job counts in the bucket where its minute starts (the first bucket, for a minute that started
     * before {@code from}).
     */
    private static String countsSql(Dialect dialect) {
        String bucketOf = " / ?) AS bucket, ";
        return "SELECT bucket, kind, SUM(n) AS n FROM ("
                + "SELECT FLOOR(" + dialect.millisSince("finished_at") + bucketOf + "state AS kind, 1 AS n"
                + " FROM tock_jobs WHERE namespace = ? AND finished_at >= ?"
                + " UNION ALL SELECT FLOOR(" + dialect.millisSince("a.ended_at") + bucketOf + "'" + PrunedActivity.FAILED_ATTEMPT
                + "' AS kind, 1 AS n FROM tock_attempts a JOIN tock_jobs_all j ON j.id = a.job_id"
                + " WHERE a.ended_at >= ? AND a.outcome <> 'cancelled' AND j.namespace = ?"
                + " UNION ALL SELECT GREATEST(0, FLOOR(" + dialect.millisSince("minute_start") + " / ?)) AS bucket, kind, total AS n"
                + " FROM tock_pruned_activity WHERE namespace = ? AND minute_start >= ?"
                + ") f GROUP BY bucket, kind";
    }

    private Instant storeNow(Connection c) throws SQLException {
        return Sql.one(c, "SELECT " + dialect.now() + " AS store_now", rs -> JobRows.instant(rs, "store_now")).orElseThrow();
    }

    private static int column(String kind) {
        return switch (kind) {
            case "succeeded" -> 0;
            case "dead" -> 1;
            case "cancelled" -> 2;
            case PrunedActivity.FAILED_ATTEMPT -> 3;
            default -> -1;
        };
    }

    /** A row of a count per bucket and kind (a finished job's state, or a failed attempt). */
    private record Count(long bucket, String kind, long n) {
        static Count of(ResultSet rs) throws SQLException {
            return new Count(rs.getLong("bucket"), rs.getString("kind"), rs.getLong("n"));
        }
    }

    /** Adds to a bucket; rows past the last bucket (finished since the store's now was read) are left out. */
    private static void add(long[][] totals, long bucket, int column, long n) {
        if (column >= 0 && bucket >= 0 && bucket < totals.length) {
            totals[(int) bucket][column] += n;
        }
    }

    List<RecentFailure> recentFailures(String namespace, int limit) {
        return tx.list("reading recent failures", "SELECT a.*, j.queue, j.type, " + JobSql.shownState(dialect) + " AS job_state"
                        + " FROM tock_attempts a JOIN tock_jobs_all j ON j.id = a.job_id"
                        + " WHERE j.namespace = ? AND a.outcome <> 'cancelled' ORDER BY a.ended_at DESC LIMIT ?",
                rs -> new RecentFailure(JobRows.attempt(rs), rs.getString("queue"), rs.getString("type"),
                        JobState.fromWireName(rs.getString("job_state"))), namespace, limit);
    }
}
