package dev.tock.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.tock.store.ApplySetStore;
import dev.tock.store.ClusterStore;
import dev.tock.store.HeldLeaseStore;
import dev.tock.store.JobStore;
import dev.tock.store.LeaseStore;
import dev.tock.store.NamespaceStore;
import dev.tock.store.QueueStore;
import dev.tock.store.ScheduleStore;
import dev.tock.store.SecretStore;
import dev.tock.store.AlertStore;
import dev.tock.store.MonitorStore;
import dev.tock.store.SecurityStore;
import dev.tock.store.RunListener;
import dev.tock.store.Store;
import dev.tock.store.StoreException;
import dev.tock.store.StoreOptions;
import dev.tock.store.WorkflowStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store on PostgreSQL or embedded H2: one implementation, the differences in a {@link Dialect}. It
 * opens the connection pools, migrates the schema and hands out one repository per role; what the
 * roles share (the clock, readiness, housekeeping, wake-ups) is here.
 */
public final class JdbcStore implements Store {
    private static final Logger log = LoggerFactory.getLogger(JdbcStore.class);
    /**
     * How long the readiness check's query may wait for the database. The engine answers readiness
     * within a second anyway; this ends a check that hangs on a dead connection, which would hold back
     * the checks after it.
     */
    private static final int READY_CHECK_NETWORK_TIMEOUT_MS = 2_000;

    private final Dialect dialect;
    private final HikariDataSource dataSource;
    private final HikariDataSource hotPathSource;
    /** Everything but the hot path: enqueue, cancel, lookups, queues, schedules. */
    private final Transactions tx;
    /** The newest migration this code ships; the store is ready while the database's schema is at it. */
    private final String schemaVersion;
    private final Wakeups wakeups;
    private final JobRepository jobs;
    private final LeaseRepository leases;
    private final HeldLeaseRepository heldLeases;
    private final ScheduleRepository schedules;
    private final QueueRepository queues;
    private final NamespaceRepository namespaces;
    private final ClusterRepository cluster;
    private final SecurityRepository security;
    private final ApplySetRepository applySets;
    private final SecretRepository secrets;
    private final AlertRepository alerts;
    private final MonitorRepository monitors;
    private final WorkflowRepository workflows;
    private final StoreMaintenance maintenance;

    private JdbcStore(Dialect dialect, StoreOptions options) {
        this.dialect = dialect;
        String url = dialect.prepareUrl(options.url(), options.schema());
        this.dataSource = ConnectionPools.general(dialect, url, options.poolSize());
        try {
            this.schemaVersion = SchemaMigrator.migrate(dataSource, dialect, options.schema());
            this.hotPathSource = ConnectionPools.hotPath(dialect, url, options.poolSize(), options.completionCommit(), dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        this.tx = new Transactions(dataSource, dialect.serializesWrites());
        // Leasing, completion, heartbeats and reaping (see Dialect#hotPathSessionSql).
        Transactions hotPath = new Transactions(hotPathSource, dialect.serializesWrites());
        JobSql sql = new JobSql(dialect);
        JobHistory history = JobHistory.of(dialect);
        JobWriter writer = new JobWriter(sql, history);
        LimitedQueues limitedQueues = new LimitedQueues(tx);
        this.wakeups = dialect instanceof PostgresDialect ? new PostgresWakeups(url, dataSource) : new LocalWakeups();
        this.namespaces = new NamespaceRepository(tx);
        this.jobs = new JobRepository(tx, dialect, writer, namespaces, wakeups);
        this.leases = new LeaseRepository(tx, hotPath, sql, limitedQueues, new KeyedLease(dialect, sql));
        this.workflows = new WorkflowRepository(tx, dialect, writer, namespaces, wakeups, sql.leaseMade);
        this.heldLeases = new HeldLeaseRepository(hotPath, sql, wakeups, workflows, dialect);
        this.schedules = new ScheduleRepository(tx, dialect, writer, namespaces, new FireRecorder(tx, dialect, writer),
                new ScheduleRuns(hotPath, dialect), wakeups);
        this.queues = new QueueRepository(tx, dialect, namespaces, () -> {
            limitedQueues.changed();
            wakeups.announce();
        });
        this.cluster = new ClusterRepository(tx, dialect);
        this.security = new SecurityRepository(tx, dialect);
        this.applySets = new ApplySetRepository(tx, dialect, namespaces);
        this.secrets = new SecretRepository(tx, dialect, namespaces);
        this.alerts = new AlertRepository(tx, dialect, namespaces);
        this.monitors = new MonitorRepository(tx, dialect, namespaces);
        this.maintenance = new StoreMaintenance(dialect, dataSource, tx, cluster, security, this::now, history,
                options.jobRetention(), options.historyAfter());
    }

    /** Opens (and migrates) the store at {@code options.url()}: {@code jdbc:postgresql:...} or {@code jdbc:h2:...}. */
    public static JdbcStore open(StoreOptions options) {
        Dialect dialect = Dialect.forUrl(options.url());
        if (dialect == null) {
            throw new StoreException("unsupported database URL " + options.url() + " (use jdbc:postgresql://... or jdbc:h2:...)");
        }
        return new JdbcStore(dialect, options);
    }

    @Override
    public JobStore jobs() {
        return jobs;
    }

    @Override
    public LeaseStore leases() {
        return leases;
    }

    @Override
    public HeldLeaseStore heldLeases() {
        return heldLeases;
    }

    @Override
    public ScheduleStore schedules() {
        return schedules;
    }

    @Override
    public QueueStore queues() {
        return queues;
    }

    @Override
    public NamespaceStore namespaces() {
        return namespaces;
    }

    @Override
    public ClusterStore cluster() {
        return cluster;
    }

    @Override
    public SecurityStore security() {
        return security;
    }

    @Override
    public ApplySetStore applySets() {
        return applySets;
    }

    @Override
    public SecretStore secrets() {
        return secrets;
    }

    @Override
    public AlertStore alerts() {
        return alerts;
    }

    @Override
    public MonitorStore monitors() {
        return monitors;
    }

    @Override
    public WorkflowStore workflows() {
        return workflows;
    }

    @Override
    public String kind() {
        return dialect.name();
    }

    @Override
    public Instant now() {
        return tx.one("reading the store clock", "SELECT " + dialect.now() + " AS store_now", rs -> JobRows.instant(rs, "store_now"))
                .orElseThrow();
    }

    @Override
    public void checkReady() {
        Optional<String> applied = tx.run("checking the schema version", c -> {
            limitNetworkWait(c, READY_CHECK_NETWORK_TIMEOUT_MS);
            return SchemaMigrator.appliedVersion(c);
        });
        // A newer schema is fine while its migrations only add: the nodes of a rolling upgrade stay
        // ready after the new version's migration has run, and until they are replaced. (V5 renamed
        // the lease token's column, so nodes older than it cannot run beside a migrated schema.)
        if (applied.isEmpty() || SchemaMigrator.isOlder(applied.get(), schemaVersion)) {
            throw new StoreException("the database schema is at version " + applied.orElse("(none)")
                    + ", this node needs version " + schemaVersion + " or newer");
        }
    }

    /** Bounds each wait of {@code c} for the database; the pool restores its own timeout when the connection returns. */
    private static void limitNetworkWait(Connection c, int millis) throws SQLException {
        try {
            c.setNetworkTimeout(Runnable::run, millis);
        } catch (SQLFeatureNotSupportedException e) {
            // an embedded database has no network to wait for
        }
    }

    @Override
    public void maintain() {
        maintenance.run();
    }

    @Override
    public void addWakeupListener(Runnable listener) {
        wakeups.addListener(listener);
    }

    @Override
    public void addRunListener(RunListener listener) {
        workflows.addListener(listener);
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
