package dev.tock.store.jdbc;

import dev.tock.model.AttemptOutcome;
import dev.tock.model.CancelResult;
import dev.tock.model.Enqueued;
import dev.tock.model.Executor;
import dev.tock.model.JobId;
import dev.tock.model.KeyAssignment;
import dev.tock.model.JobNotFoundException;
import dev.tock.model.JobState;
import dev.tock.model.NewJob;
import dev.tock.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Inserts and cancels jobs inside a caller's transaction: for enqueue, and for the schedules, whose
 * fires insert jobs and whose overlap policies, suspension and deletion cancel them. Inserts are
 * batched and bound by hand: enqueue is on every producer's path.
 */
final class JobWriter {
    private final JobSql sql;
    private final JobHistory history;

    JobWriter(JobSql sql, JobHistory history) {
        this.sql = sql;
        this.history = history;
    }

    /** Where finished jobs go: a job's key is still taken there, and a finished job is cancelled there as nowhere. */
    JobHistory history() {
        return history;
    }

    /** A schedule's job to insert, with the fire it belongs to. */
    record ScheduledJob(JobId id, NewJob job, String schedule, Instant nominalTime) {
    }

    /**
     * Whether {@link #insert} stores these jobs in one statement, atomic by itself, so that it may run
     * in autocommit mode: one job without a key, or several where the dialect binds arrays. A taken key's
     * holder is looked up after that statement; it holds the key, committed, when the statement ends. Keys
     * are also looked up in the history, where one is kept apart: that takes a transaction.
     */
    boolean insertsInOneStatement(List<NewJob> jobs) {
        if (history.kept() && jobs.stream().anyMatch(j -> j.idempotencyKey().isPresent())) {
            return false;
        }
        return jobs.size() == 1 ? jobs.get(0).idempotencyKey().isEmpty() : sql.insertMany != null;
    }

    /** Inserts the jobs; one whose idempotency key is taken is not inserted, and its result names the job holding the key. */
    List<Enqueued> insert(Connection c, List<NewJob> jobs) throws SQLException {
        List<Enqueued> result = insertHere(c, jobs);
        return history.kept() ? withKeysInHistory(c, jobs, result) : result;
    }

    /**
     * Takes back the inserted jobs whose key a job in the history holds. Looked up after the insert, so that a
     * holder moving into the history meanwhile is seen: the insert waited on the move's lock on the key.
     */
    private List<Enqueued> withKeysInHistory(Connection c, List<NewJob> jobs, List<Enqueued> inserted) throws SQLException {
        Map<String, Set<String>> keys = new HashMap<>();
        for (int i = 0; i < jobs.size(); i++) {
            NewJob job = jobs.get(i);
            if (inserted.get(i).created() && job.idempotencyKey().isPresent()) {
                keys.computeIfAbsent(job.namespace(), k -> new HashSet<>()).add(job.idempotencyKey().get());
            }
        }
        if (keys.isEmpty()) {
            return inserted;
        }
        Map<List<String>, JobId> holders = new HashMap<>();
        for (Map.Entry<String, Set<String>> e : keys.entrySet()) {
            history.keyHolders(c, e.getKey(), e.getValue()).forEach((key, id) -> holders.put(List.of(e.getKey(), key), id));
        }
        if (holders.isEmpty()) {
            return inserted;
        }
        List<Enqueued> result = new ArrayList<>(inserted);
        List<UUID> takenBack = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            NewJob job = jobs.get(i);
            JobId holder = job.idempotencyKey().map(k -> holders.get(List.of(job.namespace(), k))).orElse(null);
            if (holder != null && result.get(i).created()) {
                takenBack.add(result.get(i).id().value());
                result.set(i, new Enqueued(holder, false));
            }
        }
        Sql.batch(c, "DELETE FROM tock_jobs WHERE id = ?", takenBack, id -> new Object[] {id});
        return result;
    }

    private List<Enqueued> insertHere(Connection c, List<NewJob> jobs) throws SQLException {
        long now = System.currentTimeMillis();
        if (jobs.size() > 1 && sql.insertMany != null) {
            return insertMany(c, jobs, now);
        }
        List<Enqueued> result = new ArrayList<>(jobs.size());
        try (PreparedStatement ps = c.prepareStatement(sql.insert)) {
            boolean batched = false;
            for (NewJob job : jobs) {
                JobId id = JobId.generate(now);
                bindInsert(ps, 1, id, job, null, null);
                if (job.idempotencyKey().isPresent()) {
                    // Executed alone: a rewritten batch would hide which rows a conflict skipped.
                    boolean inserted = ps.executeUpdate() == 1;
                    result.add(inserted ? new Enqueued(id, true) : new Enqueued(existingId(c, job), false));
                } else {
                    ps.addBatch();
                    batched = true;
                    result.add(new Enqueued(id, true));
                }
            }
            if (batched) {
                ps.executeBatch();
            }
        }
        return result;
    }

    /**
     * Inserts the jobs in one statement, each column bound as one array: the database parses one short
     * statement and plans it once, where a rewritten batch sends a statement of thousands of parameters
     * per 128 rows. Keys are checked by the statement itself; a job whose key is taken is then looked up.
     */
    private List<Enqueued> insertMany(Connection c, List<NewJob> jobs, long now) throws SQLException {
        int n = jobs.size();
        UUID[] ids = new UUID[n];
        String[] namespaces = new String[n];
        String[] keys = new String[n];
        String[] runAts = new String[n];
        Integer[] priorities = new Integer[n];
        Integer[] maxAttempts = new Integer[n];
        Long[] delays = new Long[n];
        Long[] initialBackoffs = new Long[n];
        Long[] maxBackoffs = new Long[n];
        Double[] multipliers = new Double[n];
        Double[] jitters = new Double[n];
        Long[] timeouts = new Long[n];
        Long[] deadlines = new Long[n];
        Long[] retentions = new Long[n];
        String[] queues = new String[n];
        String[] types = new String[n];
        String[] payloads = new String[n];
        String[] labels = new String[n];
        String[] executorKinds = new String[n];
        String[] executors = new String[n];
        String[] concurrencyKeys = new String[n];
        String[] concurrencyNotes = new String[n];
        boolean keyed = false;
        for (int i = 0; i < n; i++) {
            NewJob job = jobs.get(i);
            ids[i] = JobId.generate(now).value();
            namespaces[i] = job.namespace();
            queues[i] = job.queue();
            types[i] = job.type();
            payloads[i] = job.payload();
            priorities[i] = job.priority();
            runAts[i] = job.runAt().map(Instant::toString).orElse(null);
            delays[i] = job.delay().toMillis();
            maxAttempts[i] = job.retryPolicy().maxAttempts();
            initialBackoffs[i] = job.retryPolicy().initialBackoff().toMillis();
            maxBackoffs[i] = job.retryPolicy().maxBackoff().toMillis();
            multipliers[i] = job.retryPolicy().multiplier();
            jitters[i] = job.retryPolicy().jitter();
            timeouts[i] = job.timeout().map(Duration::toMillis).orElse(null);
            keys[i] = job.idempotencyKey().orElse(null);
            keyed |= keys[i] != null;
            // A batch's jobs (a fan-out's items) mostly share their labels and executor: each is written as JSON once.
            NewJob previous = i == 0 ? null : jobs.get(i - 1);
            labels[i] = previous != null && previous.labels().equals(job.labels()) ? labels[i - 1]
                    : JobRows.labelsJson(job.labels());
            executorKinds[i] = job.executor().map(Executor::kind).orElse(null);
            executors[i] = previous != null && previous.executor().equals(job.executor()) ? executors[i - 1]
                    : JobRows.executorJson(job.executor());
            deadlines[i] = job.activeDeadline().map(Duration::toMillis).orElse(null);
            retentions[i] = job.retention().map(Duration::toMillis).orElse(null);
            concurrencyKeys[i] = job.keyAssignment().key();
            concurrencyNotes[i] = job.keyAssignment().note().orElse(null);
        }
        Object[][] arrays = {ids, namespaces, queues, types, payloads, priorities, runAts, delays, maxAttempts,
                initialBackoffs, maxBackoffs, multipliers, jitters, timeouts, keys, labels, executorKinds, executors,
                deadlines, retentions, concurrencyKeys, concurrencyNotes};
        boolean[] once = new boolean[arrays.length];
        for (int k = 0; k < arrays.length; k++) {
            once[k] = JobSql.mayBindOnce(k) && allEqual(arrays[k]);
        }
        try (PreparedStatement ps = c.prepareStatement(sql.insertMany(once, keyed))) {
            int p = 1;
            for (int k = 0; k < arrays.length; k++) {
                if (once[k]) {
                    bindOnce(ps, p++, JobSql.INSERT_MANY_TYPES.get(k), arrays[k][0]);
                }
            }
            for (int k = 0; k < arrays.length; k++) {
                if (!once[k]) {
                    ps.setArray(p++, c.createArrayOf(Sql.arrayElementType(JobSql.INSERT_MANY_TYPES.get(k)), arrays[k]));
                }
            }
            Set<UUID> inserted = new HashSet<>();
            if (keyed) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        inserted.add(rs.getObject(1, UUID.class));
                    }
                }
            } else if (ps.executeUpdate() != n) {
                throw new StoreException("an insert of " + n + " jobs without idempotency keys stored fewer");
            }
            Map<List<String>, JobId> holders = !keyed || inserted.size() == n ? Map.of() : holders(c, jobs, ids, inserted);
            List<Enqueued> result = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                JobId id = new JobId(ids[i]);
                if (!keyed || inserted.contains(ids[i])) {
                    result.add(new Enqueued(id, true));
                } else {
                    List<String> key = List.of(namespaces[i], keys[i] == null ? "" : keys[i]);
                    JobId holder = holders.get(key);
                    if (holder == null) {
                        throw new StoreException("job " + i + " of the batch was not stored and no job holds its idempotency key");
                    }
                    result.add(new Enqueued(holder, false));
                }
            }
            return result;
        }
    }

    /** The jobs holding the keys of the jobs not inserted, by namespace and key: one query per namespace. */
    private static Map<List<String>, JobId> holders(Connection c, List<NewJob> jobs, UUID[] ids, Set<UUID> inserted)
            throws SQLException {
        Map<String, Set<String>> wanted = new HashMap<>();
        for (int i = 0; i < jobs.size(); i++) {
            NewJob job = jobs.get(i);
            if (!inserted.contains(ids[i]) && job.idempotencyKey().isPresent()) {
                wanted.computeIfAbsent(job.namespace(), k -> new HashSet<>()).add(job.idempotencyKey().get());
            }
        }
        Map<List<String>, JobId> holders = new HashMap<>();
        for (Map.Entry<String, Set<String>> e : wanted.entrySet()) {
            keyHolders(c, "tock_jobs", e.getKey(), e.getValue()).forEach((key, id) -> holders.put(List.of(e.getKey(), key), id));
        }
        return holders;
    }

    /**
     * The jobs in {@code table} ({@code tock_jobs} or {@code tock_job_history}, never a caller's text) that hold
     * any of {@code keys} in {@code namespace}, by key.
     */
    static Map<String, JobId> keyHolders(Connection c, String table, String namespace, Set<String> keys) throws SQLException {
        Map<String, JobId> holders = new HashMap<>();
        if (keys.isEmpty()) {
            return holders;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT idempotency_key, id FROM " + table + " WHERE namespace = ? AND idempotency_key = ANY(?)")) {
            ps.setString(1, namespace);
            ps.setArray(2, c.createArrayOf("varchar", keys.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    holders.put(rs.getString(1), new JobId(rs.getObject(2, UUID.class)));
                }
            }
        }
        return holders;
    }

    private static boolean allEqual(Object[] values) {
        for (int i = 1; i < values.length; i++) {
            if (!Objects.equals(values[0], values[i])) {
                return false;
            }
        }
        return true;
    }

    /** Binds one value of SQL {@code type} for a whole batch, as {@link Sql#arrayElementType} binds arrays. */
    private static void bindOnce(PreparedStatement ps, int index, String type, Object value) throws SQLException {
        if (value != null) {
            ps.setObject(index, value);
            return;
        }
        ps.setNull(index, switch (type) {
            case "UUID" -> Types.OTHER;
            case "INTEGER" -> Types.INTEGER;
            case "BIGINT" -> Types.BIGINT;
            case "DOUBLE PRECISION" -> Types.DOUBLE;
            default -> Types.VARCHAR;
        });
    }

    void insertScheduled(Connection c, List<ScheduledJob> jobs) throws SQLException {
        if (jobs.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql.insert)) {
            for (ScheduledJob j : jobs) {
                bindInsert(ps, 1, j.id(), j.job(), j.schedule(), j.nominalTime());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * {@link #insert Inserts} the jobs, or, where {@code pending} sends its statements together and they are one job
     * without an idempotency key (nothing of its result needs reading), adds its insert to {@code pending} and returns it
     * as it is stored once that ran: a next step's job then goes with the write of its instance, a round trip fewer.
     */
    List<Enqueued> insert(Connection c, Pipeline pending, List<NewJob> jobs) throws SQLException {
        if (!pending.sendsTogether() || jobs.size() != 1 || jobs.get(0).idempotencyKey().isPresent()) {
            return insert(c, jobs);
        }
        JobId id = JobId.generate(System.currentTimeMillis());
        pending.update(sql.insert, (ps, first) -> bindInsert(ps, first, id, jobs.get(0), null, null), rows -> {
            if (rows != 1) {
                throw new SQLException("job " + id + " was not inserted");
            }
        });
        return List.of(new Enqueued(id, true));
    }

    /** Binds the insert of one job from parameter {@code first} on; returns the index after the last. */
    private int bindInsert(PreparedStatement ps, int first, JobId id, NewJob job, String schedule, Instant nominalTime)
            throws SQLException {
        Instant runAt = job.runAt().orElse(null);
        long delayMs = job.delay().toMillis();
        int i = first;
        ps.setObject(i++, id.value());
        ps.setString(i++, job.namespace());
        ps.setString(i++, job.queue());
        ps.setString(i++, job.type());
        ps.setString(i++, job.payload());
        ps.setInt(i++, job.priority());
        JobRows.setInstant(ps, i++, runAt);
        ps.setLong(i++, delayMs);
        JobRows.setInstant(ps, i++, runAt);
        ps.setLong(i++, delayMs);
        ps.setInt(i++, job.retryPolicy().maxAttempts());
        ps.setLong(i++, job.retryPolicy().initialBackoff().toMillis());
        ps.setLong(i++, job.retryPolicy().maxBackoff().toMillis());
        ps.setDouble(i++, job.retryPolicy().multiplier());
        ps.setDouble(i++, job.retryPolicy().jitter());
        if (job.timeout().isPresent()) {
            ps.setLong(i++, job.timeout().get().toMillis());
        } else {
            ps.setNull(i++, Types.BIGINT);
        }
        ps.setString(i++, job.idempotencyKey().orElse(null));
        ps.setString(i++, JobRows.labelsJson(job.labels()));
        ps.setString(i++, schedule);
        JobRows.setInstant(ps, i++, nominalTime);
        ps.setString(i++, job.executor().map(Executor::kind).orElse(null));
        ps.setString(i++, JobRows.executorJson(job.executor()));
        if (job.activeDeadline().isPresent()) {
            ps.setLong(i++, job.activeDeadline().get().toMillis());
        } else {
            ps.setNull(i++, Types.BIGINT);
        }
        if (job.retention().isPresent()) {
            ps.setLong(i++, job.retention().get().toMillis());
        } else {
            ps.setNull(i++, Types.BIGINT);
        }
        KeyAssignment key = job.keyAssignment();
        ps.setString(i++, key.key());
        ps.setString(i++, key.note().orElse(null));
        if (sql.twoLanes) {
            JobRows.setInstant(ps, i++, runAt);
            ps.setLong(i++, delayMs);
            ps.setString(i++, job.namespace());
            ps.setString(i++, job.queue());
        }
        return i;
    }

    private static JobId existingId(Connection c, NewJob job) throws SQLException {
        String key = job.idempotencyKey().orElseThrow();
        return Sql.one(c, "SELECT id FROM tock_jobs WHERE namespace = ? AND idempotency_key = ?",
                        rs -> new JobId(rs.getObject(1, UUID.class)), job.namespace(), key)
                .orElseThrow(() -> new StoreException("idempotency key " + key + " conflicted but no job holds it"));
    }

    /** What cancelling needs of a job's row, read under its lock. */
    private record Locked(JobState state, int attempts, String leaseOwner, Instant leasedAt) {
    }

    /**
     * Cancels a job that has not finished; a running job's attempt is recorded as cancelled and its
     * lease token moves on, so its worker's completion is refused.
     */
    CancelResult cancel(Connection c, JobId id) throws SQLException {
        return cancel(c, id, false);
    }

    /**
     * Cancels a job only if it is still scheduled (due later) once its row is locked: a run recorded ahead of its time,
     * which a node may lease between the caller's read of the schedule's runs and this lock. Such a job runs on.
     */
    CancelResult cancelIfScheduled(Connection c, JobId id) throws SQLException {
        return cancel(c, id, true);
    }

    private CancelResult cancel(Connection c, JobId id, boolean onlyScheduled) throws SQLException {
        Optional<Locked> locked = Sql.one(c, sql.lockForCancel, rs -> new Locked(JobState.fromWireName(rs.getString("state")),
                        rs.getInt("attempts"), rs.getString("lease_owner"), JobRows.instant(rs, "leased_at")), id.value());
        if (locked.isEmpty()) {
            JobState finished = history.state(c, id).map(JobState::fromWireName).orElseThrow(() -> new JobNotFoundException(id));
            return new CancelResult(finished, false);
        }
        Locked job = locked.get();
        if (job.state().isFinal() || onlyScheduled && job.state() != JobState.SCHEDULED) {
            return new CancelResult(job.state(), false);
        }
        if (job.state() == JobState.RUNNING) {
            Sql.update(c, sql.insertAttemptAtNow, JobRows.attemptAtNow(id.value(), job.attempts(), job.leaseOwner(),
                    job.leasedAt(), AttemptOutcome.CANCELLED, "cancelled while running"));
        }
        Sql.update(c, sql.cancel, id.value());
        return new CancelResult(job.state(), true);
    }
}
