package dev.tock.store.jdbc;

import dev.tock.model.JobState;
import dev.tock.model.DueKeys;
import dev.tock.model.KeyUsage;
import dev.tock.model.Queue;
import dev.tock.model.QueueNotEmptyException;
import dev.tock.model.QueueStats;
import dev.tock.store.QueueStore;
import java.sql.Connection;
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
final class QueueRepository implements QueueStore {
    private static final String SELECT = "SELECT * FROM tock_queues WHERE namespace = ?";
    private final Transactions tx;
    private final Dialect dialect;
    private final NamespaceRepository namespaces;
    /** Runs after settings change, so that leasing reads the limits again and dispatchers look for work. */
    private final Runnable onChange;
    private final String insert;
    private final String update;

    QueueRepository(Transactions tx, Dialect dialect, NamespaceRepository namespaces, Runnable onChange) {
        this.tx = tx;
        this.dialect = dialect;
        this.namespaces = namespaces;
        this.onChange = onChange;
        this.insert = "INSERT INTO tock_queues (max_running, paused, sharing, namespace, name) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
        this.update = "UPDATE tock_queues SET max_running = ?, paused = ?, sharing = ?, updated_at = " + dialect.now()
                + " WHERE namespace = ? AND name = ?";
    }

    @Override
    public boolean save(Queue queue) {
        namespaces.require(queue.namespace());
        Object limit = queue.maxRunning().isPresent() ? queue.maxRunning().getAsInt() : new Sql.Null(Types.INTEGER);
        String sharing = SharingJson.write(queue.sharing());
        Object[] row = {limit, queue.paused(), sharing == null ? new Sql.Null(Types.VARCHAR) : sharing, queue.namespace(), queue.name()};
        boolean created = tx.run("saving queue", c -> {
            boolean inserted = Sql.insertOrUpdate(c, insert, row, update, row);
            // Under the row lock the write took, so no lease of the queue parks after this (see Dialect#parksJobs).
            if (dialect.parksJobs() && queue.maxRunning().isEmpty() && queue.sharing().isNone() && !queue.paused()) {
                Sql.update(c, "UPDATE tock_jobs SET parked = FALSE WHERE " + JobSql.PENDING + " AND parked = TRUE"
                        + " AND namespace = ? AND queue = ?", queue.namespace(), queue.name());
            }
            return inserted;
        });
        onChange.run();
        return created;
    }

    @Override
    public Optional<Queue> find(String namespace, String name) {
        return tx.one("finding queue", SELECT + " AND name = ?", JobRows::queue, namespace, name);
    }

    @Override
    public List<Queue> list(String namespace) {
        return tx.list("listing queues", SELECT + " ORDER BY name", JobRows::queue, namespace);
    }

    /**
     * Deletes the settings once no job waits or runs in the queue. The queue's row stays locked from
     * the count to the delete, as leasing from a limited queue locks it too.
     */
    @Override
    public boolean delete(String namespace, String name) {
        namespaces.require(namespace);
        boolean deleted = tx.run("deleting queue", c -> {
            Sql.exists(c, "SELECT 1 FROM tock_queues WHERE namespace = ? AND name = ? FOR UPDATE", namespace, name);
            long unfinished = Sql.count(c, "SELECT COUNT(*) FROM tock_jobs WHERE namespace = ? AND queue = ?"
                    + " AND (" + JobSql.PENDING + " OR state = 'running')", namespace, name);
            if (unfinished > 0) {
                throw new QueueNotEmptyException(namespace, name, unfinished);
            }
            Sql.update(c, "DELETE FROM tock_queue_keys WHERE namespace = ? AND queue = ?", namespace, name);
            return Sql.update(c, "DELETE FROM tock_queues WHERE namespace = ? AND name = ?", namespace, name) == 1;
        });
        if (deleted) {
            onChange.run();
        }
        return deleted;
    }

    @Override
    public List<QueueStats> stats(String namespace) {
        namespaces.require(namespace);
        return tx.run("reading queue statistics", c -> {
            Map<String, Queue> definitions = new HashMap<>();
            Sql.list(c, SELECT, JobRows::queue, namespace).forEach(q -> definitions.put(q.name(), q));
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

    /** One row of a count of a queue's jobs in a state. */
    private record Count(String queue, JobState state, long n) {
    }

    /**
     * Counts of unfinished jobs — through the partial indexes that hold only pending or running jobs —
     * and of jobs finished within {@link QueueStats#FINISHED_WINDOW}, through the index of finished
     * jobs, plus those that history limits deleted ({@link PrunedActivity}, counted by the minute);
     * never a scan of the namespace's whole history.
     */
    private Map<String, Map<JobState, Long>> countsByQueue(Connection c, String namespace) throws SQLException {
        // Jobs moved to the history are in the counters of pruned activity, as those a history limit deleted.
        String finishedCount = "SELECT queue, state, COUNT(*) FROM tock_jobs WHERE namespace = ? AND ";
        String byQueue = " GROUP BY queue, state";
        // Unfinished jobs by the state they show: due scheduled ones as ready, held ones as leased.
        String shownCount = "SELECT queue, shown_state, COUNT(*) FROM (SELECT j.queue, " + JobSql.shownState(dialect)
                + " AS shown_state FROM tock_jobs j WHERE j.namespace = ? AND j.";
        String byShown = ") s GROUP BY queue, shown_state";
        Sql.Row<Count> row = rs -> new Count(rs.getString(1), JobState.fromWireName(rs.getString(2)), rs.getLong(3));
        List<Count> rows = new ArrayList<>(Sql.list(c, shownCount + JobSql.PENDING + byShown, row, namespace));
        rows.addAll(Sql.list(c, shownCount + "state = 'running'" + byShown, row, namespace));
        rows.addAll(Sql.list(c, finishedCount + "finished_at >= " + dialect.plusMillis(dialect.now()) + byQueue, row, namespace,
                -QueueStats.FINISHED_WINDOW.toMillis()));
        rows.addAll(Sql.list(c, "SELECT queue, kind, SUM(total) FROM tock_pruned_activity WHERE namespace = ? AND kind <> ?"
                        + " AND minute_start >= " + dialect.plusMillis(dialect.now()) + " GROUP BY queue, kind", row, namespace,
                PrunedActivity.FAILED_ATTEMPT, -QueueStats.FINISHED_WINDOW.toMillis()));
        Map<String, Map<JobState, Long>> counts = new HashMap<>();
        for (Count r : rows) {
            counts.computeIfAbsent(r.queue(), q -> new EnumMap<>(JobState.class)).merge(r.state(), r.n(), Long::sum);
        }
        return counts;
    }

    /** Per queue, how long ago its earliest due and waiting job fell due, on the store's clock. */
    private Map<String, Duration> startLags(Connection c, String namespace) throws SQLException {
        Map<String, Duration> lags = new HashMap<>();
        Sql.list(c, "SELECT queue, MIN(run_at) AS oldest, " + dialect.now() + " AS store_now FROM tock_jobs"
                        + " WHERE namespace = ? AND " + JobSql.PENDING + JobSql.EITHER_LANE + " AND run_at <= " + dialect.now() + " GROUP BY queue",
                rs -> Map.entry(rs.getString("queue"), Duration.between(JobRows.instant(rs, "oldest"), JobRows.instant(rs, "store_now"))),
                namespace).forEach(e -> lags.put(e.getKey(), e.getValue()));
        return lags;
    }

    @Override
    public Map<String, Long> runningByKey(String namespace, String queue, int limit) {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        tx.list("reading running jobs by key", "SELECT concurrency_key, COUNT(*) AS n FROM tock_jobs WHERE state = 'running'"
                        + " AND namespace = ? AND queue = ? GROUP BY concurrency_key ORDER BY n DESC, concurrency_key LIMIT ?",
                rs -> Map.entry(rs.getString(1), rs.getLong(2)), namespace, queue, limit)
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }

    @Override
    public KeyUsage usage(String namespace, String queue, String key) {
        return tx.run("reading a key's use of its queue", c -> {
            long inQueue = Sql.count(c, "SELECT COUNT(*) FROM tock_jobs WHERE state = 'running' AND namespace = ? AND queue = ?",
                    namespace, queue);
            long forKey = Sql.count(c, "SELECT COUNT(*) FROM tock_jobs WHERE state = 'running' AND namespace = ? AND queue = ?"
                    + " AND concurrency_key = ?", namespace, queue, key);
            Optional<Instant> queueTat = Sql.one(c, "SELECT rate_tat FROM tock_queues WHERE namespace = ? AND name = ?",
                    rs -> Optional.ofNullable(JobRows.instant(rs, "rate_tat")), namespace, queue).flatMap(t -> t);
            Optional<Instant> keyTat = Sql.one(c, "SELECT rate_tat FROM tock_queue_keys WHERE namespace = ? AND queue = ?"
                    + " AND concurrency_key = ?", rs -> Optional.ofNullable(JobRows.instant(rs, "rate_tat")), namespace, queue, key)
                    .flatMap(t -> t);
            Instant now = Sql.one(c, "SELECT " + dialect.now() + " AS store_now", rs -> JobRows.instant(rs, "store_now")).orElseThrow();
            return new KeyUsage(inQueue, forKey, queueTat, keyTat, now);
        });
    }

    @Override
    public DueKeys otherKeysDue(String namespace, String queue, String key, int scan) {
        // A bounded read: an explanation needs "other keys take turns", not a census of a large backlog.
        return tx.one("counting the keys with due jobs", "SELECT COUNT(DISTINCT k.concurrency_key), COUNT(*) FROM (SELECT"
                        + " concurrency_key FROM tock_jobs WHERE " + JobSql.PENDING + JobSql.EITHER_LANE + " AND run_at <= " + dialect.now()
                        + " AND namespace = ? AND queue = ? AND concurrency_key <> ? LIMIT ?) k",
                rs -> new DueKeys(rs.getLong(1), rs.getLong(2) >= scan), namespace, queue, key, scan).orElseThrow();
    }

    @Override
    public List<dev.tock.model.ReadyWork> readyWork(String namespace) {
        return tx.list("counting due jobs by type", "SELECT queue, type, executor_kind, COUNT(*) FROM tock_jobs WHERE namespace = ?"
                        + " AND " + JobSql.PENDING + JobSql.EITHER_LANE + " AND run_at <= " + dialect.now() + " GROUP BY queue, type, executor_kind"
                        + " ORDER BY queue, type",
                rs -> new dev.tock.model.ReadyWork(rs.getString(1), rs.getString(2), Optional.ofNullable(rs.getString(3)), rs.getLong(4)),
                namespace);
    }
}
