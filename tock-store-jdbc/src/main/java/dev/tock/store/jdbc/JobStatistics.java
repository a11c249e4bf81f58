package dev.tock.store.jdbc;

import dev.tock.model.JobState;
import dev.tock.model.RecentFailure;
import dev.tock.model.ThroughputBucket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What operators read about recent work: jobs finished and attempts failed per time bucket, and the
 * latest failures. Both read only recent rows, through indexes that finished jobs and failed attempts
 * enter once ({@code tock_jobs_finished}, {@code tock_attempts_ended}), so their cost follows the
 * work done in the range asked for, not the size of the history.
 */
final class JobStatistics {
    /** The most buckets one request may ask for: a day by the minute. */
    static final int MAX_BUCKETS = 1440;
    private final Transactions tx;
    private final Dialect dialect;

    JobStatistics(Transactions tx, Dialect dialect) {
        this.tx = tx;
        this.dialect = dialect;
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
            countFinished(c, namespace, from, millis, totals);
            countFailedAttempts(c, namespace, from, millis, totals);
            List<ThroughputBucket> buckets = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long[] t = totals[i];
                buckets.add(new ThroughputBucket(from.plusMillis(i * millis), t[0], t[1], t[2], t[3]));
            }
            return buckets;
        });
    }

    private Instant storeNow(Connection c) throws SQLException {
        return Sql.one(c, "SELECT " + dialect.now() + " AS store_now", rs -> JobRows.instant(rs, "store_now")).orElseThrow();
    }

    private void countFinished(Connection c, String namespace, Instant from, long millis, long[][] totals) throws SQLException {
        String sql = "SELECT bucket, state, COUNT(*) AS n FROM (SELECT FLOOR(" + dialect.millisSince("finished_at")
                + " / ?) AS bucket, state FROM tock_jobs WHERE namespace = ? AND finished_at >= ?) f GROUP BY bucket, state";
        for (Count count : Sql.list(c, sql, Count::of, from, millis, namespace, from)) {
            int column = switch (JobState.fromWireName(count.state())) {
                case SUCCEEDED -> 0;
                case DEAD -> 1;
                case CANCELLED -> 2;
                default -> -1;
            };
            add(totals, count.bucket(), column, count.n());
        }
    }

    private void countFailedAttempts(Connection c, String namespace, Instant from, long millis, long[][] totals)
            throws SQLException {
        String sql = "SELECT bucket, COUNT(*) AS n FROM (SELECT FLOOR(" + dialect.millisSince("a.ended_at")
                + " / ?) AS bucket FROM tock_attempts a JOIN tock_jobs j ON j.id = a.job_id"
                + " WHERE a.ended_at >= ? AND a.outcome <> 'cancelled' AND j.namespace = ?) f GROUP BY bucket";
        for (Count count : Sql.list(c, sql, rs -> new Count(rs.getLong("bucket"), null, rs.getLong("n")), from, millis, from,
                namespace)) {
            add(totals, count.bucket(), 3, count.n());
        }
    }

    /** A row of a count per bucket (and state, for finished jobs). */
    private record Count(long bucket, String state, long n) {
        static Count of(ResultSet rs) throws SQLException {
            return new Count(rs.getLong("bucket"), rs.getString("state"), rs.getLong("n"));
        }
    }

    /** Adds to a bucket; rows past the last bucket (finished since the store's now was read) are left out. */
    private static void add(long[][] totals, long bucket, int column, long n) {
        if (column >= 0 && bucket >= 0 && bucket < totals.length) {
            totals[(int) bucket][column] += n;
        }
    }

    List<RecentFailure> recentFailures(String namespace, int limit) {
        return tx.list("reading recent failures", "SELECT a.*, j.queue, j.type, j.state AS job_state"
                        + " FROM tock_attempts a JOIN tock_jobs j ON j.id = a.job_id"
                        + " WHERE j.namespace = ? AND a.outcome <> 'cancelled' ORDER BY a.ended_at DESC LIMIT ?",
                rs -> new RecentFailure(JobRows.attempt(rs), rs.getString("queue"), rs.getString("type"),
                        JobState.fromWireName(rs.getString("job_state"))), namespace, limit);
    }
}
