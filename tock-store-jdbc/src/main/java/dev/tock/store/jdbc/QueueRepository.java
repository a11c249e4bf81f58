package dev.tock.store.jdbc;

import dev.tock.model.JobState;
import dev.tock.model.Queue;
import dev.tock.model.QueueNotEmptyException;
import dev.tock.model.QueueStats;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Queue settings (limit, pause), their deletion, and statistics of the jobs in each queue. */
final class QueueRepository {
    private final Transactions tx;
    private final Dialect dialect;
    /** Runs after settings change, so that leasing reads the limits again and dispatchers look for work. */
    private final Runnable onChange;

    QueueRepository(Transactions tx, Dialect dialect, Runnable onChange) {
        this.tx = tx;
        this.dialect = dialect;
        this.onChange = onChange;
    }

    void save(Queue queue) {
        tx.run("saving queue", c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE tock_queues SET max_running = ?, paused = ?, updated_at = " + dialect.now() + " WHERE namespace = ? AND name = ?")) {
                bindQueue(update, queue);
                if (update.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO tock_queues (max_running, paused, namespace, name) VALUES (?, ?, ?, ?)")) {
                bindQueue(insert, queue);
                insert.executeUpdate();
            }
            return null;
        });
        onChange.run();
    }

    private static void bindQueue(PreparedStatement ps, Queue queue) throws SQLException {
        if (queue.maxRunning().isPresent()) {
            ps.setInt(1, queue.maxRunning().getAsInt());
        } else {
            ps.setNull(1, Types.INTEGER);
        }
        ps.setBoolean(2, queue.paused());
        ps.setString(3, queue.namespace());
        ps.setString(4, queue.name());
    }

    Optional<Queue> find(String namespace, String name) {
        return tx.run("finding queue", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM tock_queues WHERE namespace = ? AND name = ?")) {
                ps.setString(1, namespace);
                ps.setString(2, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(JobRows.queue(rs)) : Optional.empty();
                }
            }
        });
    }

    List<Queue> list(String namespace) {
        return tx.run("listing queues", c -> defined(c, namespace));
    }

    private static List<Queue> defined(Connection c, String namespace) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM tock_queues WHERE namespace = ? ORDER BY name")) {
            ps.setString(1, namespace);
            List<Queue> queues = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    queues.add(JobRows.queue(rs));
                }
            }
            return queues;
        }
    }

    /**
     * Deletes the settings once no job waits or runs in the queue. The queue's row stays locked from
     * the count to the delete, as leasing from a limited queue locks it too.
     */
    boolean delete(String namespace, String name) {
        boolean deleted = tx.run("deleting queue", c -> {
            try (PreparedStatement lock = c.prepareStatement("SELECT 1 FROM tock_queues WHERE namespace = ? AND name = ? FOR UPDATE")) {
                lock.setString(1, namespace);
                lock.setString(2, name);
                lock.executeQuery().close();
            }
            long unfinished = unfinishedJobs(c, namespace, name);
            if (unfinished > 0) {
                throw new QueueNotEmptyException(namespace, name, unfinished);
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM tock_queues WHERE namespace = ? AND name = ?")) {
                ps.setString(1, namespace);
                ps.setString(2, name);
                return ps.executeUpdate() == 1;
            }
        });
        if (deleted) {
            onChange.run();
        }
        return deleted;
    }

    private static long unfinishedJobs(Connection c, String namespace, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM tock_jobs WHERE namespace = ? AND queue = ?"
                + " AND (" + JobSql.PENDING + " OR state = 'running')")) {
            ps.setString(1, namespace);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    List<QueueStats> stats(String namespace) {
        return tx.run("reading queue statistics", c -> {
            Map<String, Queue> definitions = new HashMap<>();
            defined(c, namespace).forEach(q -> definitions.put(q.name(), q));
            Map<String, Map<JobState, Long>> counts = countsByQueue(c, namespace);
            Map<String, Duration> lags = startLags(c, namespace);
            TreeMap<String, QueueStats> stats = new TreeMap<>();
            for (String name : union(definitions.keySet(), counts.keySet())) {
                Queue queue = definitions.getOrDefault(name, Queue.of(namespace, name));
                stats.put(name, new QueueStats(queue, definitions.containsKey(name), counts.getOrDefault(name, Map.of()),
                        Optional.ofNullable(lags.get(name))));
            }
            return new ArrayList<>(stats.values());
        });
    }

    private static List<String> union(Set<String> a, Set<String> b) {
        TreeSet<String> names = new TreeSet<>(a);
        names.addAll(b);
        return new ArrayList<>(names);
    }

    /**
     * Counts of unfinished jobs — through the partial indexes that hold only pending or running jobs —
     * and of jobs finished within {@link QueueStats#FINISHED_WINDOW}, through the index of finished
     * jobs; never a scan of the namespace's whole history.
     */
    private Map<String, Map<JobState, Long>> countsByQueue(Connection c, String namespace) throws SQLException {
        Map<String, Map<JobState, Long>> counts = new HashMap<>();
        countInto(c, counts, "SELECT queue, state, COUNT(*) FROM tock_jobs WHERE namespace = ? AND " + JobSql.PENDING
                + " GROUP BY queue, state", namespace, null);
        countInto(c, counts, "SELECT queue, state, COUNT(*) FROM tock_jobs WHERE namespace = ? AND state = 'running'"
                + " GROUP BY queue, state", namespace, null);
        countInto(c, counts, "SELECT queue, state, COUNT(*) FROM tock_jobs WHERE namespace = ? AND finished_at >= "
                + dialect.plusMillis(dialect.now()) + " GROUP BY queue, state", namespace, -QueueStats.FINISHED_WINDOW.toMillis());
        return counts;
    }

    private static void countInto(Connection c, Map<String, Map<JobState, Long>> counts, String sql, String namespace,
                                  Long millis) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, namespace);
            if (millis != null) {
                ps.setLong(2, millis);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.computeIfAbsent(rs.getString(1), q -> new EnumMap<>(JobState.class))
                            .merge(JobState.fromWireName(rs.getString(2)), rs.getLong(3), Long::sum);
                }
            }
        }
    }

    /** Per queue, how long ago its earliest due and waiting job fell due, on the store's clock. */
    private Map<String, Duration> startLags(Connection c, String namespace) throws SQLException {
        Map<String, Duration> lags = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT queue, MIN(run_at) AS oldest, " + dialect.now() + " AS store_now"
                + " FROM tock_jobs WHERE namespace = ? AND " + JobSql.PENDING + " AND run_at <= " + dialect.now()
                + " GROUP BY queue")) {
            ps.setString(1, namespace);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant oldest = JobRows.instant(rs, "oldest");
                    Instant now = JobRows.instant(rs, "store_now");
                    lags.put(rs.getString("queue"), Duration.between(oldest, now));
                }
            }
        }
        return lags;
    }
}
