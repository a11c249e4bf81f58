package dev.tock.store.jdbc;

import dev.tock.store.LeaseRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The SQL of the job store, written once, with the dialect filling in what differs. */
final class JobSql {
    /** The generated column that says a job waits to be leased; both databases index on it. */
    static final String PENDING = "pending = TRUE";
    /** A queue row {@code q} that is leased on its own: paused, or with a concurrency limit or key sharing. */
    static final String SPECIAL_QUEUE = "(q.paused OR q.max_running IS NOT NULL OR q.sharing IS NOT NULL)";
    /*
     * Paused queues and queues with a limit are leased separately. OFFSET 0 keeps this a per-row check
     * after the index walk: PostgreSQL would otherwise plan an anti-join over every pending row.
     */
    private static final String NOT_IN_SPECIAL_QUEUE = " AND NOT EXISTS (SELECT 1 FROM tock_queues q"
            + " WHERE q.namespace = j.namespace AND q.name = j.queue AND " + JobSql.SPECIAL_QUEUE + " OFFSET 0)";
    /*
     * The fencing token, lease_token, grows on every move into running and every move out of it, so a
     * matching token alone proves the lease is current. Fenced writes therefore name only the id and
     * the token, and the primary key is the one index that can serve them, whatever the statistics.
     */
    private static final String CLEAR_LEASE = "lease_token = lease_token + 1, lease_owner = NULL, leased_at = NULL,"
            + " lease_expires_at = NULL";
    private static final String HELD = " WHERE id = ? AND lease_token = ?";
    /*
     * Which jobs a node runs: those without an executor of its handler types, and those whose executor
     * kind it enables (parameters: types, executor kinds).
     */
    static final String RUNS_HERE = " AND (j.executor_kind IS NULL AND j.type = ANY(?) OR j.executor_kind = ANY(?))";
    /*
     * The lease order of unlimited queues: rows a limited queue's lease has not parked in its own lane
     * (see Dialect#parksJobs). An equality, so that the indexes that start with the flag give the order.
     */
    static final String UNPARKED = " AND j.parked = FALSE";
    /*
     * Both lanes, said so that a range on run_at stays a range: the due indexes start with the flag, and
     * PostgreSQL walks an index by a later column only under an equality, or a list of them, on the first.
     */
    static final String EITHER_LANE = " AND parked IN (FALSE, TRUE)";

    final String insert;
    /**
     * Inserts many jobs in one statement from one bound array per column of {@link #INSERT_MANY_TYPES}, in
     * array order; null where the dialect cannot bind arrays. See {@link #insertMany(boolean[], boolean)}.
     */
    final String insertMany;
    /** The SQL types of {@link #insertMany}'s arrays, one per column of {@link #INSERT_MANY_COLUMNS}. */
    static final List<String> INSERT_MANY_TYPES = List.of("UUID", "TEXT", "TEXT", "TEXT", "TEXT", "INTEGER",
            "TIMESTAMPTZ", "BIGINT", "INTEGER", "BIGINT", "BIGINT", "DOUBLE PRECISION", "DOUBLE PRECISION", "BIGINT", "TEXT",
            "TEXT", "TEXT", "TEXT", "BIGINT", "BIGINT", "TEXT", "TEXT");
    static final List<String> INSERT_MANY_COLUMNS = List.of("id", "namespace", "queue", "type", "payload",
            "priority", "at", "delay_ms", "max_attempts", "backoff_initial_ms", "backoff_max_ms", "backoff_multiplier",
            "backoff_jitter", "timeout_ms", "idempotency_key", "labels", "executor_kind", "executor", "active_deadline_ms",
            "retention_ms", "concurrency_key", "concurrency_key_note");
    /** Selects due job ids in lease order, claiming them where the database can (parameters: types, executors, limit). */
    final String dueUnlimited;
    /** The same for one queue (parameters: types, executors, namespace, queue, limit). */
    final String dueInQueue;
    /** Leases what {@link #dueUnlimited} selects in one statement, where the dialect can; else null. */
    final String leaseUnlimited;
    final String leaseInQueue;
    /** Selects jobs falling due within a lookahead, earliest first (parameters: lookahead millis, types, executors, limit). */
    final String dueAhead;
    final String leaseAhead;
    /**
     * Leases, all started, the due ones of some jobs the caller's transaction made, that the node runs and that no
     * paused or limited queue holds (parameters: node, lease millis, how many start at once, ids, types, executors,
     * limit); null where the dialect has no one-statement lease.
     */
    final String leaseMade;

    /**
     * Binds the parameters of {@link #leaseMade} from {@code first} on: {@code ids} to {@code to}'s node, at most
     * {@code limit} of them, all started at once; returns the index after the last.
     */
    static int bindLeaseMade(Connection c, PreparedStatement ps, int first, LeaseRequest to, List<UUID> ids, int limit)
            throws SQLException {
        ps.setString(first, to.node());
        ps.setLong(first + 1, to.leaseDuration().toMillis());
        ps.setInt(first + 2, limit);
        ps.setArray(first + 3, c.createArrayOf("uuid", ids.toArray()));
        ps.setArray(first + 4, c.createArrayOf("varchar", to.types().toArray()));
        ps.setArray(first + 5, c.createArrayOf("varchar", to.executors().toArray()));
        ps.setInt(first + 6, limit);
        return first + 7;
    }
    /**
     * Leases one job by id and returns it (parameters: node, lease millis, whether it starts at once, id);
     * for dialects without a one-statement lease.
     */
    final String leaseOne;
    /**
     * Leases the given ids, in the array's order, the first ones started (parameters: node, the time the
     * leases start or null for now, the same again, lease millis, how many start at once, ids); null where
     * the dialect has no one-statement lease.
     */
    final String leaseByIds;
    /** Due jobs without an executor of one queue, for external workers (parameters: namespace, queue, limit). */
    final String dueForWorker;
    final String leaseForWorker;
    /** The same, of some types only (parameters: namespace, queue, types, limit). */
    final String dueForWorkerTyped;
    final String leaseForWorkerTyped;
    /** When the next job without an executor of one queue falls due (parameters: namespace, queue). */
    final String nextDueForWorker;
    /** The same, of some types only (parameters: namespace, queue, types). */
    final String nextDueForWorkerTyped;
    /** The same two for a queue with limits or key sharing, read in its own lane after {@link #park}. */
    final String leaseForLimitedWorker;
    final String leaseForLimitedWorkerTyped;
    final String dueForLimitedWorker;
    final String dueForLimitedWorkerTyped;
    /**
     * Whether the next-due reads of one queue for workers read two lanes, the unparked and the parked, so
     * that their parameters come twice.
     */
    final boolean twoLanes;
    /** The condition (on {@code j}) of the lane of a limited queue's due jobs: its parked rows, or all where nothing parks. */
    final String limitedLane;
    /**
     * Parks the due, unparked jobs of one limited queue in its lane, under the queue's row lock (parameters:
     * namespace, queue); null where the dialect does not park.
     */
    final String park;
    /** Jobs by id, to check external workers' leases (parameter: ids). */
    final String selectByIds;
    final String nextDue;
    final String succeed;
    /** Succeeds many jobs in one statement where the dialect can; else null. */
    final String succeedMany;
    final String failForRetry;
    /** As {@link #failForRetry}, for a disrupted attempt: counted with the attempts the retry policy skips. */
    final String failForRetryUncounted;
    final String bury;
    final String insertAttempt;
    final String extendLease;
    /** Marks a held job's handler started (parameters: id, lease token). */
    final String recordStart;
    final String release;
    final String selectExpired;
    final String reap;
    final String lockForCancel;
    final String cancel;
    final String insertAttemptAtNow;

    /**
     * The state a job shows, read on the store's clock: a scheduled job whose time has come is
     * {@code ready}, a running one whose handler has not started is {@code leased}. Stored rows are never
     * rewritten for either: only reads tell them apart. {@code j} names the job table in the query.
     */
    static String shownState(Dialect d) {
        return "CASE WHEN j.state = 'scheduled' AND j.run_at <= " + d.now() + " THEN 'ready'"
                + " WHEN j.state = 'running' AND NOT j.handler_started THEN 'leased' ELSE j.state END";
    }

    /** A condition (on the job table as {@code j}) that holds for the jobs showing {@code state}. */
    static String showing(Dialect d, dev.tock.model.JobState state) {
        return switch (state) {
            case SCHEDULED -> "(j.state = 'scheduled' AND j.run_at > " + d.now() + ")";
            case READY -> "(j.state = 'ready' OR (j.state = 'scheduled' AND j.run_at <= " + d.now() + "))";
            case LEASED -> "(j.state = 'running' AND NOT j.handler_started)";
            case RUNNING -> "(j.state = 'running' AND j.handler_started)";
            default -> "j.state = '" + state.wireName() + "'";
        };
    }

    private final Dialect dialect;
    /** {@link #insertMany(boolean[])}'s statements by which columns are bound once, as a bit set. */
    private final Map<BitSet, String> insertsByScalars = new ConcurrentHashMap<>();
    /** Columns that always go as arrays: each row's id, and what its due time is computed from. */
    private static final Set<String> ALWAYS_ARRAYS = Set.of("id", "at", "delay_ms");

    /** Whether column {@code k} of {@link #INSERT_MANY_COLUMNS} may be bound once for a whole batch. */
    static boolean mayBindOnce(int k) {
        return !ALWAYS_ARRAYS.contains(INSERT_MANY_COLUMNS.get(k));
    }

    /**
     * {@link #insertMany}, with the columns flagged in {@code once} bound as one value for every row rather
     * than as an array: a batch of jobs alike in most fields sends and parses each such field once. The
     * parameters are those values, in column order, then the other columns' arrays, in column order. Where
     * {@code keyed}, rows whose idempotency key is taken (also by an earlier row of the same statement) are
     * skipped and the statement returns the ids it inserted. Null where the dialect cannot bind arrays.
     */
    String insertMany(boolean[] once, boolean keyed) {
        BitSet key = new BitSet(once.length + 1);
        for (int k = 0; k < once.length; k++) {
            key.set(k, once[k]);
        }
        key.set(once.length, keyed);
        return insertsByScalars.computeIfAbsent(key, this::buildInsertMany);
    }

    private String buildInsertMany(BitSet once) {
        String skipTakenKeys = once.get(INSERT_MANY_COLUMNS.size()) ? " ON CONFLICT DO NOTHING RETURNING id" : "";
        List<String> types = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        StringBuilder scalars = new StringBuilder();
        for (int k = 0; k < INSERT_MANY_COLUMNS.size(); k++) {
            String column = INSERT_MANY_COLUMNS.get(k);
            String type = INSERT_MANY_TYPES.get(k);
            if (once.get(k)) {
                scalars.append(", CAST(? AS ").append(type).append(") AS ").append(column);
            } else {
                types.add(type);
                columns.add(column);
            }
        }
        String now = dialect.now();
        boolean parks = dialect.parksJobs();
        // The due time is computed once per row in the inner SELECT; the ordinality keeps array order, so that
        // of two rows with one idempotency key the first is inserted, as in a batch of single rows. Values bound
        // once come before the arrays, in column order, as the writer binds them. A due job of a queue that is
        // leased on its own goes straight into that queue's lane (see Dialect#parksJobs).
        return dialect.unnest(types, "u", columns).map(rows -> "INSERT INTO tock_jobs (id, namespace,"
                + " queue, type, payload, priority, state, run_at, created_at, attempts, max_attempts, backoff_initial_ms,"
                + " backoff_max_ms, backoff_multiplier, backoff_jitter, timeout_ms, idempotency_key, labels, executor_kind, executor,"
                + " active_deadline_ms, retention_ms, lease_token, concurrency_key, concurrency_key_note" + (parks ? ", parked" : "") + ")"
                + " SELECT j.id, j.namespace, j.queue, j.type, j.payload, j.priority,"
                + " CASE WHEN j.due > " + now + " THEN 'scheduled' ELSE 'ready' END, j.due, " + now + ", 0, j.max_attempts,"
                + " j.backoff_initial_ms, j.backoff_max_ms, j.backoff_multiplier, j.backoff_jitter, j.timeout_ms, j.idempotency_key,"
                + " j.labels, j.executor_kind, j.executor, j.active_deadline_ms, j.retention_ms, 0, j.concurrency_key,"
                + " j.concurrency_key_note" + (parks ? ", j.due <= " + now + " AND q.name IS NOT NULL" : "")
                + " FROM (SELECT u.*" + scalars + ", COALESCE(u.at, " + dialect.plus(now, "u.delay_ms") + ") AS due FROM " + rows + ") j"
                + (parks ? " LEFT JOIN tock_queues q ON q.namespace = j.namespace AND q.name = j.queue AND " + SPECIAL_QUEUE : "")
                + " ORDER BY j.n" + skipTakenKeys).orElse(null);
    }

    JobSql(Dialect d) {
        final String now = d.now();
        String leaseOrder = " ORDER BY " + d.pendingOrderPrefix() + "j.priority DESC, j.run_at, j.id";
        String runAt = "COALESCE(CAST(? AS TIMESTAMP WITH TIME ZONE), " + d.plusMillis(now) + ")";
        insert = "INSERT INTO tock_jobs (id, namespace, queue, type, payload, priority, state, run_at, created_at, attempts,"
                + " max_attempts, backoff_initial_ms, backoff_max_ms, backoff_multiplier, backoff_jitter, timeout_ms,"
                + " idempotency_key, labels, schedule_name, nominal_time, executor_kind, executor, active_deadline_ms, retention_ms,"
                + " lease_token, concurrency_key, concurrency_key_note" + (d.parksJobs() ? ", parked" : "") + ")"
                + " VALUES (?, ?, ?, ?, ?, ?,"
                + " CASE WHEN " + runAt + " > " + now + " THEN 'scheduled' ELSE 'ready' END, " + runAt
                + ", " + now + ", 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?"
                + (d.parksJobs() ? ", " + runAt + " <= " + now + " AND EXISTS (SELECT 1 FROM tock_queues q"
                        + " WHERE q.namespace = ? AND q.name = ? AND " + SPECIAL_QUEUE + ")" : "")
                + ") ON CONFLICT DO NOTHING";
        // The due time is computed once per row in the inner SELECT; the ordinality keeps array order, so that
        // of two rows with one idempotency key the first is inserted, as in a batch of single rows.
        this.dialect = d;
        insertMany = insertMany(new boolean[INSERT_MANY_COLUMNS.size()], false);
        // Parameters: node, lease millis, then how many of the jobs start at once (ranked) or whether this one does.
        String leaseSet = "state = 'running', parked = FALSE, attempts = attempts + 1, lease_token = lease_token + 1, lease_owner = ?,"
                + " leased_at = " + now + ", lease_expires_at = " + d.plusMillis(now) + ", handler_started = ";
        String rankedLeaseSet = leaseSet + "(picked.lease_rank <= ?)";
        String dueAny = "SELECT j.id FROM tock_jobs j WHERE j." + PENDING + " AND j.run_at <= " + now;
        String due = dueAny + RUNS_HERE;
        twoLanes = d.parksJobs();
        limitedLane = twoLanes ? " AND j.parked = TRUE" : "";
        park = !twoLanes ? null : "UPDATE tock_jobs SET parked = TRUE WHERE id IN (SELECT j.id FROM tock_jobs j WHERE j." + PENDING
                + UNPARKED + " AND j.run_at <= " + now + " AND j.namespace = ? AND j.queue = ?" + d.skipLockedClause() + ")";
        dueUnlimited = due + UNPARKED + NOT_IN_SPECIAL_QUEUE + leaseOrder + " LIMIT ?" + d.skipLockedClause();
        dueInQueue = due + limitedLane + " AND j.namespace = ? AND j.queue = ?" + leaseOrder + " LIMIT ?" + d.skipLockedClause();
        leaseUnlimited = d.leaseStatement(rankedLeaseSet, dueUnlimited).orElse(null);
        leaseInQueue = d.leaseStatement(rankedLeaseSet, dueInQueue).orElse(null);
        dueAhead = "SELECT j.id FROM tock_jobs j WHERE j." + PENDING + UNPARKED + " AND j.run_at > " + now + " AND j.run_at <= "
                + d.plusMillis(now) + RUNS_HERE + NOT_IN_SPECIAL_QUEUE
                + " ORDER BY " + d.pendingOrderPrefix() + "j.run_at, j.id LIMIT ?" + d.skipLockedClause();
        leaseAhead = d.leaseStatement(rankedLeaseSet, dueAhead).orElse(null);
        leaseMade = d.leaseStatement(rankedLeaseSet, dueAny + " AND j.id = ANY(?)" + RUNS_HERE + NOT_IN_SPECIAL_QUEUE + " LIMIT ?"
                + d.skipLockedClause()).orElse(null);
        // Stamped with the moment the queue's limits admitted the jobs, when the lease read the clock for them.
        String admittedAt = "COALESCE(CAST(? AS TIMESTAMP WITH TIME ZONE), " + now + ")";
        leaseByIds = d.leaseStatement("state = 'running', parked = FALSE, attempts = attempts + 1, lease_token = lease_token + 1, lease_owner = ?,"
                        + " leased_at = " + admittedAt + ", lease_expires_at = " + d.plusMillis(admittedAt)
                        + ", handler_started = (picked.lease_rank <= ?)",
                "SELECT u.id FROM UNNEST(CAST(? AS UUID[])) WITH ORDINALITY AS u(id, n) ORDER BY u.n").orElse(null);
        leaseOne = "SELECT * FROM FINAL TABLE (UPDATE tock_jobs SET " + leaseSet + "? WHERE id = ? AND " + PENDING + ")";
        String forWorker = " AND j.executor_kind IS NULL AND j.namespace = ? AND j.queue = ?";
        String typed = " AND j.type = ANY(?)";
        String limit = leaseOrder + " LIMIT ?" + d.skipLockedClause();
        dueForWorker = dueAny + UNPARKED + forWorker + limit;
        dueForWorkerTyped = dueAny + UNPARKED + forWorker + typed + limit;
        leaseForWorker = d.leaseStatement(rankedLeaseSet, dueForWorker).orElse(null);
        leaseForWorkerTyped = d.leaseStatement(rankedLeaseSet, dueForWorkerTyped).orElse(null);
        dueForLimitedWorker = dueAny + limitedLane + forWorker + limit;
        dueForLimitedWorkerTyped = dueAny + limitedLane + forWorker + typed + limit;
        leaseForLimitedWorker = d.leaseStatement(rankedLeaseSet, dueForLimitedWorker).orElse(null);
        leaseForLimitedWorkerTyped = d.leaseStatement(rankedLeaseSet, dueForLimitedWorkerTyped).orElse(null);
        selectByIds = "SELECT * FROM tock_jobs WHERE id = ANY(?)";
        String workerPending = "SELECT j.run_at FROM tock_jobs j WHERE j." + PENDING + forWorker;
        String earliest = " ORDER BY " + d.pendingOrderPrefix() + "j.run_at LIMIT 1";
        String asNext = " AS next_run_at, " + now + " AS store_now";
        // A limited queue's parked jobs are all due: they were parked when due, and a lease unparks its job.
        nextDueForWorker = !twoLanes ? "SELECT (" + workerPending + earliest + ")" + asNext
                : "SELECT LEAST((" + workerPending + UNPARKED + earliest + "), (" + workerPending + limitedLane + earliest + "))" + asNext;
        nextDueForWorkerTyped = !twoLanes ? "SELECT (" + workerPending + typed + earliest + ")" + asNext
                : "SELECT LEAST((" + workerPending + UNPARKED + typed + earliest + "), (" + workerPending + limitedLane + typed + earliest
                        + "))" + asNext;
        nextDue = "SELECT (SELECT j.run_at FROM tock_jobs j WHERE j." + PENDING + UNPARKED + RUNS_HERE + NOT_IN_SPECIAL_QUEUE
                + " ORDER BY " + d.pendingOrderPrefix() + "j.run_at LIMIT 1) AS next_run_at, " + now + " AS store_now";
        // An earlier attempt's error stays in its attempt's row; a succeeded job shows none.
        String succeeded = "state = 'succeeded', finished_at = " + now + ", last_error = NULL, " + CLEAR_LEASE;
        succeed = "UPDATE tock_jobs SET " + succeeded + ", success_node = ?, success_started_at = ?,"
                + " success_ended_at = ?, success_output = ?" + HELD;
        succeedMany = d.succeedManyStatement(succeeded).orElse(null);
        // The run's first start is kept for its run deadline: the first attempt's start, unless one is stored already.
        failForRetry = "UPDATE tock_jobs SET state = 'failed', run_at = " + d.plusMillis(now)
                + ", last_error = ?, run_started_at = COALESCE(run_started_at, CAST(? AS TIMESTAMP WITH TIME ZONE)), "
                + CLEAR_LEASE + HELD;
        failForRetryUncounted = "UPDATE tock_jobs SET state = 'failed', run_at = " + d.plusMillis(now)
                + ", last_error = ?, attempts_before_retry = attempts_before_retry + 1,"
                + " run_started_at = COALESCE(run_started_at, CAST(? AS TIMESTAMP WITH TIME ZONE)), " + CLEAR_LEASE + HELD;
        bury = "UPDATE tock_jobs SET state = 'dead', finished_at = " + now + ", last_error = ?, " + CLEAR_LEASE + HELD;
        insertAttempt = "INSERT INTO tock_attempts (job_id, attempt, node, started_at, ended_at, outcome, error, output)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        insertAttemptAtNow = "INSERT INTO tock_attempts (job_id, attempt, node, started_at, ended_at, outcome, error, output)"
                + " VALUES (?, ?, ?, ?, " + now + ", ?, ?, NULL)";
        extendLease = "UPDATE tock_jobs SET lease_expires_at = " + d.plusMillis(now) + HELD;
        recordStart = "UPDATE tock_jobs SET handler_started = TRUE" + HELD;
        release = "UPDATE tock_jobs SET state = 'ready', attempts = attempts - 1, " + CLEAR_LEASE + HELD;
        selectExpired = "SELECT id, attempts, attempts_before_retry, max_attempts, lease_token, lease_owner, leased_at FROM tock_jobs"
                + " WHERE state = 'running' AND lease_expires_at < " + now + " ORDER BY lease_expires_at LIMIT ?"
                + d.skipLockedClause();
        reap = "UPDATE tock_jobs SET state = ?, run_at = " + now + ", run_started_at = COALESCE(run_started_at, leased_at),"
                + " finished_at = CASE WHEN ? THEN " + now + " ELSE NULL END, last_error = ?, " + CLEAR_LEASE + HELD;
        lockForCancel = "SELECT state, attempts, lease_owner, leased_at FROM tock_jobs WHERE id = ? FOR UPDATE";
        cancel = "UPDATE tock_jobs SET state = 'cancelled', finished_at = " + now + ", "
                + CLEAR_LEASE + " WHERE id = ?";
    }
}
