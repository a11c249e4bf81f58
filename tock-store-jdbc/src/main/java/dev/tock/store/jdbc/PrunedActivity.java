package dev.tock.store.jdbc;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The activity of jobs that a schedule's history limits delete (and of those that move to the history: see
 * {@link JobHistory}), kept as counts per namespace, minute,
 * queue and kind ({@code tock_pruned_activity}), so that throughput still counts them. Counting happens
 * as the rows are deleted, in the same transaction, never when a job finishes: the hot path pays nothing.
 */
final class PrunedActivity {
    /** How long the counts are kept; throughput is read over a day at most. */
    static final Duration RETENTION = Duration.ofDays(7);
    static final String FAILED_ATTEMPT = "failed_attempt";
    private static final String INSERT = "INSERT INTO tock_pruned_activity (namespace, minute_start, queue, kind, total)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    private static final String ADD = "UPDATE tock_pruned_activity SET total = total + ?"
            + " WHERE namespace = ? AND minute_start = ? AND queue = ? AND kind = ?";

    private PrunedActivity() {
    }

    /** One counter: the jobs of a queue that finished in a minute as one state, or its attempts that failed. */
    private record Key(String namespace, Instant minute, String queue, String kind) {
        static final Comparator<Key> ORDER = Comparator.comparing(Key::namespace).thenComparing(Key::minute)
                .thenComparing(Key::queue).thenComparing(Key::kind);
    }

    /** Adds what the jobs {@code ids} (finished, about to be deleted with their attempts) did to the counters. */
    static void count(Connection c, List<UUID> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        Map<Key, Long> counts = new TreeMap<>(Key.ORDER);
        Array idArray = c.createArrayOf("uuid", ids.toArray());
        for (Key key : Sql.list(c, "SELECT namespace, queue, state, finished_at FROM tock_jobs WHERE id = ANY(?)",
                rs -> key(rs.getString(1), JobRows.instant(rs, "finished_at"), rs.getString(2), rs.getString(3)), idArray)) {
            counts.merge(key, 1L, Long::sum);
        }
        for (Key key : Sql.list(c, "SELECT j.namespace, j.queue, a.ended_at FROM tock_attempts a JOIN tock_jobs j ON j.id = a.job_id"
                        + " WHERE a.job_id = ANY(?) AND a.outcome <> 'cancelled'",
                rs -> key(rs.getString(1), JobRows.instant(rs, "ended_at"), rs.getString(2), FAILED_ATTEMPT), idArray)) {
            counts.merge(key, 1L, Long::sum);
        }
        // In key order, so that transactions adding to the same counters lock them in one order.
        for (Map.Entry<Key, Long> e : counts.entrySet()) {
            Key k = e.getKey();
            Sql.insertOrUpdate(c, INSERT, new Object[] {k.namespace(), k.minute(), k.queue(), k.kind(), e.getValue()},
                    ADD, new Object[] {e.getValue(), k.namespace(), k.minute(), k.queue(), k.kind()});
        }
    }

    private static Key key(String namespace, Instant at, String queue, String kind) {
        return new Key(namespace, at.truncatedTo(ChronoUnit.MINUTES), queue, kind);
    }
}
