package dev.tock.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tock.model.Attempt;
import dev.tock.model.AttemptOutcome;
import dev.tock.model.Job;
import dev.tock.model.JobId;
import dev.tock.model.JobNotFoundException;
import dev.tock.model.JobState;
import dev.tock.model.NewJob;
import dev.tock.model.Queue;
import dev.tock.model.Schedule;
import dev.tock.model.ScheduleFire;
import dev.tock.store.CancelResult;
import dev.tock.store.Enqueued;
import dev.tock.store.FinishedAttempt;
import dev.tock.store.FirePlan;
import dev.tock.store.JobStore;
import dev.tock.store.LeaseRef;
import dev.tock.store.LeaseRequest;
import dev.tock.store.LeasedJob;
import dev.tock.store.NextDue;
import dev.tock.store.ReapedLease;
import dev.tock.store.StoreException;
import dev.tock.store.StoreOptions;
import dev.tock.store.StoredSchedule;
import dev.tock.store.UnknownNamespaceException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The job store on PostgreSQL or embedded H2: one implementation, the differences in a {@link Dialect}. */
public final class JdbcJobStore implements JobStore {
    private static final Logger log = LoggerFactory.getLogger(JdbcJobStore.class);
    private static final Comparator<LeasedJob> LEASE_ORDER = Comparator
            .comparingInt((LeasedJob l) -> -l.job().priority())
            .thenComparing(l -> l.job().runAt())
            .thenComparing(l -> l.job().id());
    /** How long the list of queues with a concurrency limit is reused before it is read again. */
    private static final long LIMITED_QUEUES_TTL_NANOS = Duration.ofMillis(500).toNanos();

    private final Dialect dialect;
    private final HikariDataSource dataSource;
    private final HikariDataSource hotPathSource;
    /** Everything but the hot path: enqueue, cancel, lookups, queues. */
    private final Transactions tx;
    /** Leasing, completion, heartbeats and reaping (see {@link Dialect#hotPathSessionSql()}). */
    private final Transactions hotPath;
    private final JobSql sql;
    private final Wakeups wakeups;
    private final ScheduleRepository schedules;
    private final Set<String> knownNamespaces = ConcurrentHashMap.newKeySet();
    private volatile List<Queue> limitedQueues = List.of();
    private volatile long limitedQueuesReadAt;
    private volatile boolean limitedQueuesStale = true;

    private JdbcJobStore(Dialect dialect, StoreOptions options) {
        this.dialect = dialect;
        String url = dialect.prepareUrl(options.url(), options.schema());
        Optional<String> hotPathSql = dialect.hotPathSessionSql();
        int generalSize = hotPathSql.isPresent() ? Math.max(2, options.poolSize() / 2) : options.poolSize();
        this.dataSource = pool("tock-db", url, generalSize, Optional.empty());
        try {
            SchemaMigrator.migrate(dataSource, dialect, options.schema());
            this.hotPathSource = hotPathSql.isPresent()
                    ? pool("tock-db-hot", url, Math.max(2, options.poolSize() - generalSize), hotPathSql)
                    : dataSource;
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        this.tx = new Transactions(dataSource, dialect.serializesWrites());
        this.hotPath = new Transactions(hotPathSource, dialect.serializesWrites());
        this.sql = new JobSql(dialect);
        this.wakeups = dialect instanceof PostgresDialect ? new PostgresWakeups(url, dataSource) : new LocalWakeups();
        this.schedules = new ScheduleRepository(tx, dialect, new ScheduleRepository.JobWriter() {
            @Override
            public JobId insert(Connection c, NewJob job, String schedule, Instant nominalTime) throws SQLException {
                return insertScheduledJob(c, job, schedule, nominalTime);
            }

            @Override
            public void cancel(Connection c, JobId id) throws SQLException {
                cancelIn(c, id);
            }
        });
    }

    /** Opens (and migrates) the store at {@code options.url()}: {@code jdbc:postgresql:...} or {@code jdbc:h2:...}. */
    public static JdbcJobStore open(StoreOptions options) {
        Dialect dialect = Dialect.forUrl(options.url());
        if (dialect == null) {
            throw new StoreException("unsupported database URL " + options.url() + " (use jdbc:postgresql://... or jdbc:h2:...)");
        }
        return new JdbcJobStore(dialect, options);
    }

    private static HikariDataSource pool(String name, String url, int size, Optional<String> sessionSql) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(Math.min(2, size));
        config.setAutoCommit(false);
        config.setConnectionTimeout(10_000);
        // Commit Hikari's own setup statements so no transaction is open when a connection is first used.
        config.setIsolateInternalQueries(true);
        sessionSql.ifPresent(config::setConnectionInitSql);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("cannot connect to " + url.replaceAll("(?i)password=[^&;]*", "password=***")
                    + ": " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    @Override
    public String kind() {
        return dialect.name();
    }

    @Override
    public Instant now() {
        return tx.run("reading the store clock", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + dialect.now() + " AS store_now");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return JobRows.instant(rs, "store_now");
            }
        });
    }

    // ---- enqueue -------------------------------------------------------------------------------

    @Override
    public List<Enqueued> enqueue(List<NewJob> jobs) {
        if (jobs.isEmpty()) {
            return List.of();
        }
        requireNamespaces(jobs);
        List<Enqueued> result = tx.run("enqueue", c -> insertJobs(c, jobs));
        wakeups.announce();
        return result;
    }

    private List<Enqueued> insertJobs(Connection c, List<NewJob> jobs) throws SQLException {
        long now = System.currentTimeMillis();
        List<JobId> ids = new ArrayList<>(jobs.size());
        List<Enqueued> result = new ArrayList<>(jobs.size());
        try (PreparedStatement ps = c.prepareStatement(sql.insert)) {
            boolean batched = false;
            for (NewJob job : jobs) {
                JobId id = JobId.generate(now);
                ids.add(id);
                bindInsert(ps, id, job);
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

    private void bindInsert(PreparedStatement ps, JobId id, NewJob job) throws SQLException {
        Instant runAt = job.runAt().orElse(null);
        long delayMs = job.delay().toMillis();
        int i = 1;
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
        ps.setString(i, JobRows.labelsJson(job.labels()));
    }

    private JobId existingId(Connection c, NewJob job) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM tock_jobs WHERE namespace = ? AND idempotency_key = ?")) {
            ps.setString(1, job.namespace());
            ps.setString(2, job.idempotencyKey().orElseThrow());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("idempotency key " + job.idempotencyKey().get() + " conflicted but no job holds it");
                }
                return new JobId(rs.getObject(1, UUID.class));
            }
        }
    }

    private void requireNamespaces(List<NewJob> jobs) {
        Set<String> namespaces = new HashSet<>();
        for (NewJob job : jobs) {
            if (!knownNamespaces.contains(job.namespace())) {
                namespaces.add(job.namespace());
            }
        }
        for (String namespace : namespaces) {
            if (!namespaceExists(namespace)) {
                throw new UnknownNamespaceException(namespace);
            }
        }
    }

    // ---- leasing -------------------------------------------------------------------------------

    @Override
    public List<LeasedJob> lease(LeaseRequest request) {
        List<LeasedJob> leased = hotPath.run("lease", c -> leaseUnlimited(c, request));
        int room = request.limit() - leased.size();
        for (Queue queue : limitedQueues()) {
            if (room <= 0) {
                break;
            }
            List<LeasedJob> fromQueue = hotPath.run("lease from queue " + queue.name(), c -> leaseFromLimitedQueue(c, queue, request, leased.size()));
            leased.addAll(fromQueue);
            room -= fromQueue.size();
        }
        leased.sort(LEASE_ORDER);
        return leased;
    }

    private List<LeasedJob> leaseUnlimited(Connection c, LeaseRequest request) throws SQLException {
        return leaseRows(c, sql.leaseUnlimited, sql.dueUnlimited, request, (ps, i) -> {
            ps.setArray(i++, types(c, request.types()));
            ps.setInt(i, request.limit());
        });
    }

    /** Leases from a queue with a concurrency limit, holding its row lock so no other node counts at the same time. */
    private List<LeasedJob> leaseFromLimitedQueue(Connection c, Queue queue, LeaseRequest request, int alreadyLeased)
            throws SQLException {
        OptionalInt limit = lockQueue(c, queue);
        if (limit.isEmpty()) {
            return new ArrayList<>();
        }
        int room = Math.min(request.limit() - alreadyLeased, limit.getAsInt() - runningIn(c, queue));
        if (room <= 0) {
            return new ArrayList<>();
        }
        return leaseRows(c, sql.leaseInQueue, sql.dueInQueue, request, (ps, i) -> {
            ps.setArray(i++, types(c, request.types()));
            ps.setString(i++, queue.namespace());
            ps.setString(i++, queue.name());
            ps.setInt(i, room);
        });
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps, int firstIndex) throws SQLException;
    }

    /**
     * Leases the due rows: in one statement where the dialect has one, else by selecting the ids and
     * leasing each (the embedded store, whose writes this process serialises).
     */
    private List<LeasedJob> leaseRows(Connection c, String oneStatement, String dueIds, LeaseRequest request, Binder due)
            throws SQLException {
        if (oneStatement != null) {
            try (PreparedStatement ps = c.prepareStatement(oneStatement)) {
                ps.setString(1, request.node());
                ps.setLong(2, request.leaseDuration().toMillis());
                due.bind(ps, 3);
                return readLeased(ps);
            }
        }
        List<UUID> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(dueIds)) {
            due.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
        }
        List<LeasedJob> leased = new ArrayList<>(ids.size());
        try (PreparedStatement ps = c.prepareStatement(sql.leaseOne)) {
            for (UUID id : ids) {
                ps.setString(1, request.node());
                ps.setLong(2, request.leaseDuration().toMillis());
                ps.setObject(3, id);
                leased.addAll(readLeased(ps));
            }
        }
        return leased;
    }

    /** Locks the queue's row; returns its limit, or empty when it is paused or no longer limited. */
    private OptionalInt lockQueue(Connection c, Queue queue) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT max_running, paused FROM tock_queues WHERE namespace = ? AND name = ? FOR UPDATE")) {
            ps.setString(1, queue.namespace());
            ps.setString(2, queue.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return OptionalInt.empty();
                }
                int max = rs.getInt(1);
                boolean unlimited = rs.wasNull();
                return unlimited || rs.getBoolean(2) ? OptionalInt.empty() : OptionalInt.of(max);
            }
        }
    }

    private int runningIn(Connection c, Queue queue) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM tock_jobs WHERE state = 'running' AND namespace = ? AND queue = ?")) {
            ps.setString(1, queue.namespace());
            ps.setString(2, queue.name());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static Array types(Connection c, Set<String> types) throws SQLException {
        return c.createArrayOf("varchar", types.toArray());
    }

    private static List<LeasedJob> readLeased(PreparedStatement ps) throws SQLException {
        List<LeasedJob> leased = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Job job = JobRows.job(rs);
                leased.add(new LeasedJob(job, new LeaseRef(job.id(), rs.getLong("lease_epoch")),
                        JobRows.instant(rs, "leased_at"), JobRows.instant(rs, "lease_expires_at")));
            }
        }
        return leased;
    }

    private List<Queue> limitedQueues() {
        long now = System.nanoTime();
        if (limitedQueuesStale || now - limitedQueuesReadAt > LIMITED_QUEUES_TTL_NANOS) {
            limitedQueuesStale = false;
            limitedQueues = tx.run("reading queue limits", c -> {
                List<Queue> queues = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT * FROM tock_queues WHERE max_running IS NOT NULL AND NOT paused ORDER BY namespace, name");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        queues.add(queue(rs));
                    }
                }
                return List.copyOf(queues);
            });
            limitedQueuesReadAt = now;
        }
        return limitedQueues;
    }

    @Override
    public NextDue nextDue(Set<String> types) {
        return hotPath.run("reading next due time", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.nextDue)) {
                ps.setArray(1, types(c, types));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new NextDue(Optional.ofNullable(JobRows.instant(rs, "next_run_at")), JobRows.instant(rs, "store_now"));
                }
            }
        });
    }

    // ---- finishing, heartbeats, release ----------------------------------------------------------

    /** Multi-row writes lock rows in id order, so two of them (a flush and a heartbeat) never deadlock. */
    private static final Comparator<FinishedAttempt> BY_JOB_ID = Comparator.comparing(a -> a.lease().jobId());
    private static final Comparator<LeaseRef> LEASE_BY_JOB_ID = Comparator.comparing(LeaseRef::jobId);

    @Override
    public Set<JobId> finish(List<FinishedAttempt> unordered) {
        if (unordered.isEmpty()) {
            return Set.of();
        }
        List<FinishedAttempt> attempts = unordered.stream().sorted(BY_JOB_ID).toList();
        return hotPath.run("storing finished attempts", c -> {
            List<FinishedAttempt> applied = new ArrayList<>(attempts.size());
            Set<JobId> refused = new HashSet<>();
            applyFinished(c, attempts, applied, refused);
            insertAttempts(c, applied.stream().filter(a -> a.nextState() != JobState.SUCCEEDED).toList());
            return refused;
        });
    }

    private void applyFinished(Connection c, List<FinishedAttempt> attempts, List<FinishedAttempt> applied, Set<JobId> refused)
            throws SQLException {
        List<FinishedAttempt> succeeded = new ArrayList<>();
        List<FinishedAttempt> retried = new ArrayList<>();
        List<FinishedAttempt> buried = new ArrayList<>();
        for (FinishedAttempt a : attempts) {
            switch (a.nextState()) {
                case SUCCEEDED -> succeeded.add(a);
                case FAILED -> retried.add(a);
                default -> buried.add(a);
            }
        }
        if (sql.succeedMany != null && succeeded.size() > 1) {
            succeedInOneStatement(c, succeeded, applied, refused);
        } else {
            runBatch(c, sql.succeed, succeeded, (ps, a) -> {
                ps.setString(1, a.node());
                JobRows.setInstant(ps, 2, a.startedAt());
                JobRows.setInstant(ps, 3, a.endedAt());
                ps.setString(4, a.output().orElse(null));
                bindHeld(ps, 5, a.lease());
            }, applied, refused);
        }
        runBatch(c, sql.failForRetry, retried, (ps, a) -> {
            ps.setLong(1, a.retryDelay().toMillis());
            ps.setString(2, a.error().orElse(null));
            bindHeld(ps, 3, a.lease());
        }, applied, refused);
        runBatch(c, sql.bury, buried, (ps, a) -> {
            ps.setString(1, a.error().orElse(null));
            bindHeld(ps, 2, a.lease());
        }, applied, refused);
    }

    @FunctionalInterface
    private interface AttemptBinder {
        void bind(PreparedStatement ps, FinishedAttempt attempt) throws SQLException;
    }

    private void runBatch(Connection c, String statement, List<FinishedAttempt> attempts, AttemptBinder binder,
                          List<FinishedAttempt> applied, Set<JobId> refused) throws SQLException {
        if (attempts.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(statement)) {
            for (FinishedAttempt a : attempts) {
                binder.bind(ps, a);
                ps.addBatch();
            }
            sortOut(ps, attempts, applied, refused);
        }
    }

    private void succeedInOneStatement(Connection c, List<FinishedAttempt> attempts, List<FinishedAttempt> applied,
                                       Set<JobId> refused) throws SQLException {
        int n = attempts.size();
        UUID[] ids = new UUID[n];
        Long[] tokens = new Long[n];
        String[] nodes = new String[n];
        String[] started = new String[n];
        String[] ended = new String[n];
        String[] outputs = new String[n];
        for (int i = 0; i < n; i++) {
            FinishedAttempt a = attempts.get(i);
            ids[i] = a.lease().jobId().value();
            tokens[i] = a.lease().token();
            nodes[i] = a.node();
            started[i] = a.startedAt().toString();
            ended[i] = a.endedAt().toString();
            outputs[i] = a.output().orElse(null);
        }
        Set<UUID> changed = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql.succeedMany)) {
            ps.setArray(1, c.createArrayOf("uuid", ids));
            ps.setArray(2, c.createArrayOf("bigint", tokens));
            ps.setArray(3, c.createArrayOf("text", nodes));
            ps.setArray(4, c.createArrayOf("text", started));
            ps.setArray(5, c.createArrayOf("text", ended));
            ps.setArray(6, c.createArrayOf("text", outputs));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    changed.add(rs.getObject(1, UUID.class));
                }
            }
        }
        for (FinishedAttempt a : attempts) {
            if (changed.contains(a.lease().jobId().value())) {
                applied.add(a);
            } else {
                refused.add(a.lease().jobId());
            }
        }
    }

    /** Runs the batch and splits its attempts into those applied and those whose lease was gone. */
    private static void sortOut(PreparedStatement batch, List<FinishedAttempt> attempts, List<FinishedAttempt> applied,
                                Set<JobId> refused) throws SQLException {
        int[] counts = batch.executeBatch();
        for (int i = 0; i < attempts.size(); i++) {
            if (counts[i] == 1 || counts[i] == PreparedStatement.SUCCESS_NO_INFO) {
                applied.add(attempts.get(i));
            } else {
                refused.add(attempts.get(i).lease().jobId());
            }
        }
    }

    private void insertAttempts(Connection c, List<FinishedAttempt> attempts) throws SQLException {
        if (attempts.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql.insertAttempt)) {
            for (FinishedAttempt a : attempts) {
                ps.setObject(1, a.lease().jobId().value());
                ps.setInt(2, a.attempt());
                ps.setString(3, a.node());
                JobRows.setInstant(ps, 4, a.startedAt());
                JobRows.setInstant(ps, 5, a.endedAt());
                ps.setString(6, a.outcome().wireName());
                ps.setString(7, a.error().orElse(null));
                ps.setString(8, a.output().orElse(null));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void bindHeld(PreparedStatement ps, int index, LeaseRef lease) throws SQLException {
        ps.setObject(index, lease.jobId().value());
        ps.setLong(index + 1, lease.token());
    }

    @Override
    public Set<JobId> extendLeases(List<LeaseRef> unordered, Duration duration) {
        if (unordered.isEmpty()) {
            return Set.of();
        }
        List<LeaseRef> leases = unordered.stream().sorted(LEASE_BY_JOB_ID).toList();
        return hotPath.run("extending leases", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.extendLease)) {
                for (LeaseRef lease : leases) {
                    ps.setLong(1, duration.toMillis());
                    bindHeld(ps, 2, lease);
                    ps.addBatch();
                }
                return notUpdated(ps.executeBatch(), leases);
            }
        });
    }

    @Override
    public void release(List<LeaseRef> unordered) {
        if (unordered.isEmpty()) {
            return;
        }
        List<LeaseRef> leases = unordered.stream().sorted(LEASE_BY_JOB_ID).toList();
        hotPath.run("releasing leases", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.release)) {
                for (LeaseRef lease : leases) {
                    bindHeld(ps, 1, lease);
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        });
        wakeups.announce();
    }

    private static Set<JobId> notUpdated(int[] counts, List<LeaseRef> leases) {
        Set<JobId> missed = new HashSet<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                missed.add(leases.get(i).jobId());
            }
        }
        return missed;
    }

    // ---- reaping -------------------------------------------------------------------------------

    @Override
    public List<ReapedLease> reapExpiredLeases(int limit) {
        List<ReapedLease> reaped = hotPath.run("reaping expired leases", c -> reap(c, limit));
        if (!reaped.isEmpty()) {
            wakeups.announce();
        }
        return reaped;
    }

    private record Expired(UUID id, int attempts, int maxAttempts, long epoch, String owner, Instant leasedAt) {
    }

    private List<ReapedLease> reap(Connection c, int limit) throws SQLException {
        List<Expired> expired = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.selectExpired)) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    expired.add(new Expired(rs.getObject("id", UUID.class), rs.getInt("attempts"), rs.getInt("max_attempts"),
                            rs.getLong("lease_epoch"), rs.getString("lease_owner"), JobRows.instant(rs, "leased_at")));
                }
            }
        }
        List<ReapedLease> reaped = new ArrayList<>(expired.size());
        try (PreparedStatement update = c.prepareStatement(sql.reap);
             PreparedStatement attempt = c.prepareStatement(sql.insertAttemptAtNow)) {
            for (Expired e : expired) {
                boolean dead = e.attempts() >= e.maxAttempts();
                String error = "lease held by " + e.owner() + " expired without a heartbeat";
                update.setString(1, dead ? "dead" : "ready");
                update.setBoolean(2, dead);
                update.setString(3, error);
                update.setObject(4, e.id());
                update.setLong(5, e.epoch());
                if (update.executeUpdate() == 1) {
                    bindAttemptAtNow(attempt, e.id(), e.attempts(), e.owner(), e.leasedAt(), AttemptOutcome.LEASE_EXPIRED, error);
                    attempt.addBatch();
                    reaped.add(new ReapedLease(new JobId(e.id()), e.owner(), e.attempts(), dead ? JobState.DEAD : JobState.READY));
                }
            }
            if (!reaped.isEmpty()) {
                attempt.executeBatch();
            }
        }
        return reaped;
    }

    private static void bindAttemptAtNow(PreparedStatement ps, UUID id, int attempt, String node, Instant startedAt,
                                         AttemptOutcome outcome, String error) throws SQLException {
        ps.setObject(1, id);
        ps.setInt(2, attempt);
        ps.setString(3, node == null ? "unknown" : node);
        JobRows.setInstant(ps, 4, startedAt);
        ps.setString(5, outcome.wireName());
        ps.setString(6, error);
    }

    // ---- lookups and cancellation -----------------------------------------------------------------

    @Override
    public Optional<Job> find(JobId id) {
        return tx.run("finding job", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM tock_jobs WHERE id = ?")) {
                ps.setObject(1, id.value());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(JobRows.job(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<Attempt> attempts(JobId id) {
        return tx.run("listing attempts", c -> {
            List<Attempt> attempts = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM tock_attempts WHERE job_id = ? ORDER BY attempt")) {
                ps.setObject(1, id.value());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        attempts.add(JobRows.attempt(rs));
                    }
                }
            }
            successOnRow(c, id).ifPresent(attempts::add);
            return attempts;
        });
    }

    private static Optional<Attempt> successOnRow(Connection c, JobId id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT attempts, success_node, success_started_at, success_ended_at,"
                + " success_output FROM tock_jobs WHERE id = ? AND state = 'succeeded'")) {
            ps.setObject(1, id.value());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Attempt(id, rs.getInt("attempts"), rs.getString("success_node"),
                        JobRows.instant(rs, "success_started_at"), JobRows.instant(rs, "success_ended_at"),
                        AttemptOutcome.SUCCEEDED, Optional.empty(), Optional.ofNullable(rs.getString("success_output"))));
            }
        }
    }

    @Override
    public CancelResult cancel(JobId id) {
        return tx.run("cancelling job", c -> cancelIn(c, id));
    }

    private CancelResult cancelIn(Connection c, JobId id) throws SQLException {
        JobState previous;
        try (PreparedStatement ps = c.prepareStatement(sql.lockForCancel)) {
            ps.setObject(1, id.value());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new JobNotFoundException(id);
                }
                previous = JobState.fromWireName(rs.getString("state"));
                if (previous.isFinal()) {
                    return new CancelResult(previous, false);
                }
                if (previous == JobState.RUNNING) {
                    try (PreparedStatement attempt = c.prepareStatement(sql.insertAttemptAtNow)) {
                        bindAttemptAtNow(attempt, id.value(), rs.getInt("attempts"), rs.getString("lease_owner"),
                                JobRows.instant(rs, "leased_at"), AttemptOutcome.CANCELLED, "cancelled while running");
                        attempt.executeUpdate();
                    }
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(sql.cancel)) {
            ps.setObject(1, id.value());
            ps.executeUpdate();
        }
        return new CancelResult(previous, true);
    }

    @Override
    public Map<JobState, Long> countByState(String namespace) {
        return tx.run("counting jobs", c -> {
            Map<JobState, Long> counts = new EnumMap<>(JobState.class);
            for (JobState s : JobState.values()) {
                counts.put(s, 0L);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT state, COUNT(*) FROM tock_jobs WHERE namespace = ? GROUP BY state")) {
                ps.setString(1, namespace);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        counts.put(JobState.fromWireName(rs.getString(1)), rs.getLong(2));
                    }
                }
            }
            return counts;
        });
    }

    // ---- queues and namespaces -------------------------------------------------------------------

    @Override
    public void saveQueue(Queue queue) {
        requireNamespace(queue.namespace());
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
        limitedQueuesStale = true;
        wakeups.announce();
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

    @Override
    public Optional<Queue> findQueue(String namespace, String name) {
        return tx.run("finding queue", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM tock_queues WHERE namespace = ? AND name = ?")) {
                ps.setString(1, namespace);
                ps.setString(2, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(queue(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<Queue> queues(String namespace) {
        return tx.run("listing queues", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM tock_queues WHERE namespace = ? ORDER BY name")) {
                ps.setString(1, namespace);
                List<Queue> queues = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        queues.add(queue(rs));
                    }
                }
                return queues;
            }
        });
    }

    private static Queue queue(ResultSet rs) throws SQLException {
        int max = rs.getInt("max_running");
        OptionalInt limit = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(max);
        return new Queue(rs.getString("namespace"), rs.getString("name"), limit, rs.getBoolean("paused"));
    }

    @Override
    public boolean namespaceExists(String namespace) {
        if (knownNamespaces.contains(namespace)) {
            return true;
        }
        boolean exists = tx.run("finding namespace", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM tock_namespaces WHERE name = ?")) {
                ps.setString(1, namespace);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
        if (exists) {
            knownNamespaces.add(namespace);
        }
        return exists;
    }

    private void requireNamespace(String namespace) {
        if (!namespaceExists(namespace)) {
            throw new UnknownNamespaceException(namespace);
        }
    }

    @Override
    public void createNamespace(String namespace) {
        tx.run("creating namespace", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO tock_namespaces (name) VALUES (?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, namespace);
                return ps.executeUpdate();
            }
        });
        knownNamespaces.add(namespace);
    }

    // ---- schedules -----------------------------------------------------------------------------

    @Override
    public void saveSchedule(Schedule schedule) {
        requireNamespace(schedule.namespace());
        schedules.save(schedule);
    }

    @Override
    public Optional<StoredSchedule> findSchedule(String namespace, String name) {
        return schedules.find(namespace, name);
    }

    @Override
    public List<StoredSchedule> schedules(String namespace) {
        return schedules.list(namespace);
    }

    @Override
    public List<StoredSchedule> activeSchedules() {
        return schedules.active();
    }

    @Override
    public boolean deleteSchedule(String namespace, String name) {
        return schedules.delete(namespace, name);
    }

    @Override
    public List<ScheduleFire> recordFires(FirePlan plan) {
        List<ScheduleFire> recorded = schedules.record(plan);
        if (recorded.stream().anyMatch(f -> f.job().isPresent())) {
            wakeups.announce();
        }
        return recorded;
    }

    @Override
    public List<ScheduleFire> fires(String namespace, String schedule, int limit) {
        return schedules.fires(namespace, schedule, limit);
    }

    private JobId insertScheduledJob(Connection c, NewJob job, String schedule, Instant nominalTime) throws SQLException {
        JobId id = insertJobs(c, List.of(job)).get(0).id();
        try (PreparedStatement ps = c.prepareStatement("UPDATE tock_jobs SET schedule_name = ?, nominal_time = ? WHERE id = ?")) {
            ps.setString(1, schedule);
            JobRows.setInstant(ps, 2, nominalTime);
            ps.setObject(3, id.value());
            ps.executeUpdate();
        }
        return id;
    }

    // ---- lifecycle -----------------------------------------------------------------------------

    @Override
    public void maintain() {
        boolean autovacuumOff = dialect.autovacuumOffQuery().map(q -> tx.run("reading autovacuum setting", c -> {
            try (PreparedStatement ps = c.prepareStatement(q); ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        })).orElse(false);
        List<String> statements = dialect.maintenanceStatements(autovacuumOff);
        if (statements.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (var statement = c.createStatement()) {
                for (String maintenance : statements) {
                    statement.execute(maintenance);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("store maintenance failed: " + e.getMessage(), e);
        }
        log.debug("store maintenance ({}) took {} ms", statements, (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public void addWakeupListener(Runnable listener) {
        wakeups.addListener(listener);
    }

    @Override
    public void close() {
        wakeups.close();
        if (hotPathSource != dataSource) {
            hotPathSource.close();
        }
        dataSource.close();
        log.debug("closed {} store", dialect.name());
    }
}
