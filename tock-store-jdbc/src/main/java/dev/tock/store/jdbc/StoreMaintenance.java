package dev.tock.store.jdbc;

import dev.tock.store.ClusterStore;
import dev.tock.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link dev.tock.store.Store#maintain()} does: forgets vanished nodes, deletes expired sessions, finished
 * jobs past their own retention, counts of pruned jobs past theirs and idle concurrency key state, and runs the
 * dialect's housekeeping (vacuuming Tock's
 * tables on a PostgreSQL whose autovacuum is off).
 */
final class StoreMaintenance {
    private static final Logger log = LoggerFactory.getLogger(StoreMaintenance.class);
    private final Dialect dialect;
    private final DataSource dataSource;
    private final Transactions tx;
    private final ClusterRepository cluster;
    private final SecurityRepository security;
    private final Supplier<Instant> storeNow;
    private final JobRetention retention;

    StoreMaintenance(Dialect dialect, DataSource dataSource, Transactions tx, ClusterRepository cluster,
                     SecurityRepository security, Supplier<Instant> storeNow) {
        this.dialect = dialect;
        this.dataSource = dataSource;
        this.tx = tx;
        this.cluster = cluster;
        this.security = security;
        this.storeNow = storeNow;
        this.retention = new JobRetention(dialect);
    }

    void run() {
        int forgotten = cluster.forgetVanished();
        if (forgotten > 0) {
            log.info("forgot {} nodes unseen for {}", forgotten, ClusterStore.FORGET_NODES_AFTER);
        }
        Instant now = storeNow.get();
        security.deleteExpiredSessions(now);
        int expired = tx.run("deleting finished jobs past their retention", c -> retention.deleteExpired(c, now));
        if (expired > 0) {
            log.info("deleted {} finished jobs past their retention", expired);
        }
        tx.update("deleting old counts of pruned jobs", "DELETE FROM tock_pruned_activity WHERE minute_start < ?",
                now.minus(PrunedActivity.RETENTION));
        // A key row whose rate state has passed and whose fair-share pass is not ahead of its queue's virtual
        // time says nothing a missing row would not: leasing reads both as a fresh key.
        tx.update("deleting idle concurrency key state", "DELETE FROM tock_queue_keys WHERE (rate_tat IS NULL OR rate_tat < ?)"
                + " AND fair_pass <= COALESCE((SELECT q.fair_vtime FROM tock_queues q WHERE q.namespace = tock_queue_keys.namespace"
                + " AND q.name = tock_queue_keys.queue), fair_pass)", now);
        boolean autovacuumOff = dialect.autovacuumOffQuery()
                .map(q -> tx.one("reading autovacuum setting", q, rs -> rs.getBoolean(1)).orElse(false))
                .orElse(false);
        List<String> statements = dialect.maintenanceStatements(autovacuumOff);
        if (!statements.isEmpty()) {
            runOutsideTransactions(statements);
        }
    }

    /** Runs statements in autocommit mode: VACUUM cannot run inside a transaction. */
    private void runOutsideTransactions(List<String> statements) {
        long started = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (Statement statement = c.createStatement()) {
                for (String maintenance : statements) {
                    statement.execute(maintenance);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("store maintenance failed: " + e.getMessage(), e);
        }
        log.debug("store maintenance ({}) took {} ms", statements, (System.nanoTime() - started) / 1_000_000);
    }
}
