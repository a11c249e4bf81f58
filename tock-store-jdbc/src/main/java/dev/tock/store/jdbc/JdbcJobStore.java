package dev.tock.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tock.model.ApplySet;
import dev.tock.model.Attempt;
import dev.tock.model.AttemptOutcome;
import dev.tock.model.CancelResult;
import dev.tock.model.Enqueued;
import dev.tock.model.Job;
import dev.tock.model.JobId;
import dev.tock.model.JobNotFoundException;
import dev.tock.model.JobPage;
import dev.tock.model.JobQuery;
import dev.tock.model.JobState;
import dev.tock.model.LeaseRef;
import dev.tock.model.LeasedJob;
import dev.tock.model.NewJob;
import dev.tock.model.NodeInfo;
import dev.tock.model.NodeStatus;
import dev.tock.model.Queue;
import dev.tock.model.QueueLeaseRequest;
import dev.tock.model.QueueStats;
import dev.tock.model.RecentFailure;
import dev.tock.model.ThroughputBucket;
import dev.tock.model.UnknownNamespaceException;
import dev.tock.schedule.Schedule;
import dev.tock.schedule.ScheduleFire;
import dev.tock.schedule.StoredSchedule;
import dev.tock.security.ApiToken;
import dev.tock.security.AuditEntry;
import dev.tock.security.AuditQuery;
import dev.tock.security.Session;
import dev.tock.security.StoredToken;
import dev.tock.store.FinishedAttempt;
import dev.tock.store.FirePlan;
import dev.tock.store.JobStore;
import dev.tock.store.LeaseRequest;
import dev.tock.store.NextDue;
import dev.tock.store.ReapedLease;
import dev.tock.store.StoreException;
import dev.tock.store.StoreOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The job store on PostgreSQL or embedded H2: one implementation, the differences in a {@link Dialect}. */
public final class JdbcJobStore implements JobStore {
    private static final Logger log = LoggerFactory.getLogger(JdbcJobStore.class);

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
    private final FireRecorder fires;
    private final JobLeasing leasing;
    private final HeldLeases held;
    private final JobQueries queries;
    private final JobRetries retries;
    private final JobStatistics statistics;
    private final QueueRepository queues;
    private final NodeRegistry nodes;
    private final SecurityRepository security;
    private final ApplySetRepository applySets;
    private final Set<String> knownNamespaces = ConcurrentHashMap.newKeySet();
    /** The newest migration this code ships; the store is ready while the database's schema is at it. */
    private final String schemaVersion;

    private JdbcJobStore(Dialect dialect, StoreOptions options) {
        this.dialect = dialect;
        String url = dialect.prepareUrl(options.url(), options.schema());
        Optional<String> hotPathSql = dialect.hotPathSessionSql();
        int generalSize = hotPathSql.isPresent() ? Math.max(2, options.poolSize() / 2) : options.poolSize();
        this.dataSource = pool("tock-db", url, generalSize, Optional.empty());
        try {
            this.schemaVersion = SchemaMigrator.migrate(dataSource, dialect, options.schema());
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
        this.leasing = new JobLeasing(tx, hotPath, sql);
        this.held = new HeldLeases(hotPath, sql, wakeups);
        this.queries = new JobQueries(tx);
        this.retries = new JobRetries(tx, dialect, wakeups);
        this.statistics = new JobStatistics(tx, dialect);
        this.nodes = new NodeRegistry(tx, dialect);
        this.security = new SecurityRepository(tx, dialect);
        this.applySets = new ApplySetRepository(tx, dialect);
        this.queues = new QueueRepository(tx, dialect, () -> {
            leasing.queuesChanged();
            wakeups.announce();
        });
        FireRecorder.JobWriter jobWriter = new FireRecorder.JobWriter() {
            @Override
            public void insertAll(Connection c, List<FireRecorder.ScheduledJob> jobs) throws SQLException {
                insertScheduledJobs(c, jobs);
            }

            @Override
            public void cancel(Connection c, JobId id) throws SQLException {
                cancelIn(c, id);
            }
        };
        this.schedules = new ScheduleRepository(tx, dialect, jobWriter);
        this.fires = new FireRecorder(tx, hotPath, dialect, jobWriter);
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

    @Override
    public void checkReady() {
        Optional<String> applied = tx.run("checking the schema version", SchemaMigrator::appliedVersion);
        // A newer schema is fine: migrations only add, so the nodes of a rolling upgrade stay ready
        // after the new version's migration has run, and until they are replaced.
        if (applied.isEmpty() || SchemaMigrator.isOlder(applied.get(), schemaVersion)) {
            throw new StoreException("the database schema is at version " + applied.orElse("(none)")
                    + ", this node needs version " + schemaVersion + " or newer");
        }
    }

    // ---- enqueue -------------------------------------------------------------------------------

    @Override
    public List<Enqueued> enqueue(List<NewJob> jobs) {
        if (jobs.isEmpty()) {
            return List.of();
        }
        requireNamespaces(jobs);
        // One job without a key is one INSERT; a key may add a lookup, and a batch must be all or nothing.
        boolean oneStatement = jobs.size() == 1 && jobs.get(0).idempotencyKey().isEmpty();
        List<Enqueued> result = oneStatement ? tx.runOneStatement("enqueue", c -> insertJobs(c, jobs))
                : tx.run("enqueue", c -> insertJobs(c, jobs));
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
                bindInsert(ps, id, job, null, null);
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

    private void bindInsert(PreparedStatement ps, JobId id, NewJob job, String schedule, Instant nominalTime) throws SQLException {
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
        ps.setString(i++, JobRows.labelsJson(job.labels()));
        ps.setString(i++, schedule);
        JobRows.setInstant(ps, i++, nominalTime);
        ps.setString(i++, job.executor().map(dev.tock.model.Executor::kind).orElse(null));
        ps.setString(i, JobRows.executorJson(job.executor()));
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

    // ---- leasing and held leases (see JobLeasing, HeldLeases) -------------------------------------

    @Override
    public List<LeasedJob> lease(LeaseRequest request) {
        return leasing.lease(request);
    }

    @Override
    public List<LeasedJob> leaseAhead(LeaseRequest request, Duration lookahead) {
        return leasing.leaseAhead(request, lookahead);
    }

    @Override
    public List<LeasedJob> leaseQueue(QueueLeaseRequest request) {
        return leasing.leaseQueue(request);
    }

    @Override
    public NextDue nextDue(QueueLeaseRequest request) {
        return leasing.nextDue(request);
    }

    @Override
    public List<LeasedJob> heldLeases(List<LeaseRef> leases) {
        return leasing.heldLeases(leases);
    }

    @Override
    public NextDue nextDue(Set<String> types, Set<String> executors) {
        return leasing.nextDue(types, executors);
    }

    @Override
    public Set<JobId> finish(List<FinishedAttempt> attempts) {
        return held.finish(attempts);
    }

    @Override
    public Set<JobId> extendLeases(List<LeaseRef> leases, Duration duration) {
        return held.extendLeases(leases, duration);
    }

    @Override
    public void release(List<LeaseRef> leases) {
        held.release(leases);
    }

    @Override
    public List<ReapedLease> reapExpiredLeases(int limit) {
        return held.reapExpiredLeases(limit);
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
    public JobPage listJobs(JobQuery query) {
        requireNamespace(query.namespace());
        return queries.list(query);
    }

    /** {@link #listJobs} reading at most {@code scanBudget} jobs per filtered page, for tests of the budget. */
    JobPage listJobs(JobQuery query, int scanBudget) {
        requireNamespace(query.namespace());
        return new JobQueries(tx, scanBudget).list(query);
    }

    @Override
    public Job retry(JobId id) {
        return retries.retry(id);
    }

    @Override
    public Job runNow(JobId id) {
        return retries.runNow(id);
    }

    @Override
    public List<ThroughputBucket> throughput(String namespace, Instant from, Duration bucket) {
        requireNamespace(namespace);
        return statistics.throughput(namespace, from, bucket);
    }

    @Override
    public List<RecentFailure> recentFailures(String namespace, int limit) {
        requireNamespace(namespace);
        return statistics.recentFailures(namespace, limit);
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
                        HeldLeases.bindAttemptAtNow(attempt, id.value(), rs.getInt("attempts"), rs.getString("lease_owner"),
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
        queues.save(queue);
    }

    @Override
    public Optional<Queue> findQueue(String namespace, String name) {
        return queues.find(namespace, name);
    }

    @Override
    public List<Queue> queues(String namespace) {
        return queues.list(namespace);
    }

    @Override
    public boolean deleteQueue(String namespace, String name) {
        requireNamespace(namespace);
        return queues.delete(namespace, name);
    }

    @Override
    public List<QueueStats> queueStats(String namespace) {
        requireNamespace(namespace);
        return queues.stats(namespace);
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

    @Override
    public List<String> namespaces() {
        return tx.run("listing namespaces", c -> {
            List<String> names = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name FROM tock_namespaces");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            // Sorted here, by code point: the database's collation would differ between stores.
            names.sort(null);
            return names;
        });
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
    public String scheduleRevision() {
        return schedules.revision();
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
    public List<ScheduleFire> recordFires(List<FirePlan> plans) {
        List<ScheduleFire> recorded = fires.record(plans);
        if (recorded.stream().anyMatch(f -> f.job().isPresent())) {
            wakeups.announce();
        }
        return recorded;
    }

    @Override
    public int startBufferedRuns() {
        int started = fires.releaseBuffered();
        if (started > 0) {
            wakeups.announce();
        }
        return started;
    }

    @Override
    public List<ScheduleFire> fires(String namespace, String schedule, int limit) {
        return schedules.fires(namespace, schedule, limit);
    }

    private void insertScheduledJobs(Connection c, List<FireRecorder.ScheduledJob> jobs) throws SQLException {
        if (jobs.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql.insert)) {
            for (FireRecorder.ScheduledJob j : jobs) {
                bindInsert(ps, j.id(), j.job(), j.schedule(), j.nominalTime());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    // ---- nodes (see NodeRegistry) ------------------------------------------------------------------

    @Override
    public void heartbeatNode(NodeInfo node) {
        nodes.heartbeat(node);
    }

    @Override
    public List<NodeStatus> nodes() {
        return nodes.list();
    }

    @Override
    public void removeNode(String nodeId) {
        nodes.remove(nodeId);
    }

    // ---- tokens, sessions, audit (see SecurityRepository) -------------------------------------------

    @Override
    public void createToken(ApiToken token, String hash) {
        security.createToken(token, hash);
    }

    @Override
    public Optional<StoredToken> findTokenByHash(String hash) {
        return security.findByHash(hash);
    }

    @Override
    public Optional<ApiToken> findToken(String id) {
        return security.findBy("id", id);
    }

    @Override
    public Optional<ApiToken> findTokenByName(String name) {
        return security.findBy("name", name);
    }

    @Override
    public List<ApiToken> tokens() {
        return security.tokens();
    }

    @Override
    public boolean revokeToken(String id) {
        return security.revoke(id);
    }

    @Override
    public boolean deleteToken(String id) {
        return security.delete(id);
    }

    @Override
    public void createSession(Session session) {
        security.createSession(session);
    }

    @Override
    public Optional<Session> findSession(String idHash) {
        return security.findSession(idHash);
    }

    @Override
    public boolean deleteSession(String idHash) {
        return security.deleteSession(idHash);
    }

    @Override
    public int deleteExpiredSessions(Instant now) {
        return security.deleteExpiredSessions(now);
    }

    @Override
    public void appendAudit(List<AuditEntry> entries) {
        security.append(entries);
    }

    @Override
    public List<AuditEntry> audit(AuditQuery query) {
        return security.audit(query);
    }

    @Override
    public int deleteAuditBefore(Instant before) {
        return security.deleteAuditBefore(before);
    }

    // ---- apply sets ----------------------------------------------------------------------------

    @Override
    public Optional<ApplySet> findApplySet(String namespace, String name) {
        return applySets.find(namespace, name);
    }

    @Override
    public List<ApplySet> applySets(String namespace) {
        return applySets.list(namespace);
    }

    @Override
    public void saveApplySet(ApplySet set) {
        if (!namespaceExists(set.namespace())) {
            throw new UnknownNamespaceException(set.namespace());
        }
        applySets.save(set);
    }

    @Override
    public boolean deleteApplySet(String namespace, String name) {
        return applySets.delete(namespace, name);
    }

    // ---- lifecycle -----------------------------------------------------------------------------

    @Override
    public void maintain() {
        int forgotten = nodes.forgetVanished();
        if (forgotten > 0) {
            log.info("forgot {} nodes unseen for {}", forgotten, FORGET_NODES_AFTER);
        }
        security.deleteExpiredSessions(now());
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
