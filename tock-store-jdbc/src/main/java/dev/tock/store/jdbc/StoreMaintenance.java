package dev.tock.store.jdbc;

import dev.tock.store.ClusterStore;
import dev.tock.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link dev.tock.store.Store#maintain()} does: forgets vanished nodes, deletes expired sessions, moves finished
 * jobs into the history and drops its days past {@code job-retention} (see {@link JobHistory}), deletes finished
 * jobs past their own retention, counts of pruned jobs past theirs and idle concurrency key state, and runs the
 * dialect's housekeeping (vacuuming Tock's
 * tables on a PostgreSQL whose autovacuum is off).
 */
final class StoreMaintenance {
    private static final Logger log = LoggerFactory.getLogger(StoreMaintenance.class);
    /** The longest one maintenance run spends moving jobs to the history; a backlog (a migrated store) goes over several. */
    static final int HISTORY_BUDGET_SECONDS = 20;
    private final Dialect dialect;
    private final DataSource dataSource;
    private final Transactions tx;
    private final ClusterRepository cluster;
    private final SecurityRepository security;
    private final Supplier<Instant> storeNow;
    private final JobRetention retention;
    private final JobHistory history;
    private final Duration jobRetention;
    private final Duration historyAfter;

    StoreMaintenance(Dialect dialect, DataSource dataSource, Transactions tx, ClusterRepository cluster,
                     SecurityRepository security, Supplier<Instant> storeNow, JobHistory history, Duration jobRetention,
                     Duration historyAfter) {
        this.dialect = dialect;
        this.dataSource = dataSource;
        this.tx = tx;
        this.cluster = cluster;
        this.security = security;
        this.storeNow = storeNow;
        this.retention = new JobRetention(dialect);
        this.history = history;
        this.jobRetention = jobRetention;
        this.historyAfter = historyAfter;
    }

    void run() {
        int forgotten = cluster.forgetVanished();
        if (forgotten > 0) {
            log.info("forgot {} nodes unseen for {}", forgotten, ClusterStore.FORGET_NODES_AFTER);
        }
        Instant now = storeNow.get();
        security.deleteExpiredSessions(now);
        moveToHistory(now);
        unparkStrays();
        int expired = tx.run("deleting finished jobs past their retention", c -> retention.deleteExpired(c, now, now.minus(jobRetention)));
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
        List<String> statements = new java.util.ArrayList<>(dialect.maintenanceStatements(autovacuumOff));
        if (autovacuumOff) {
            statements.addAll(tx.run("listing the history's days to vacuum", c -> history.vacuumStatements(c, now)));
        }
        if (!statements.isEmpty()) {
            runOutsideTransactions(statements);
        }
    }

    /**
     * Moves the jobs that finished more than {@code historyAfter} ago into the history, a batch per transaction,
     * for at most {@value #HISTORY_BUDGET_SECONDS} seconds (the rest next time), then drops what is past retention.
     */
    private void moveToHistory(Instant now) {
        if (!history.kept()) {
            return;
        }
        tx.run("making the job history's partitions", c -> {
            history.ensurePartitions(c, now);
            return null;
        });
        long deadline = System.nanoTime() + Duration.ofSeconds(HISTORY_BUDGET_SECONDS).toNanos();
        Instant before = now.minus(historyAfter);
        int moved = 0;
        int batch;
        do {
            batch = tx.run("moving finished jobs to the history", c -> history.archive(c, before));
            moved += batch;
        } while (batch == JobHistory.BATCH && System.nanoTime() - deadline < 0);
        int dropped = tx.run("deleting history past its retention", c -> history.deleteExpired(c, now.minus(jobRetention)));
        if (moved > 0 || dropped > 0) {
            log.debug("moved {} finished jobs to the history; {} days or jobs of it past retention deleted", moved, dropped);
        }
    }

    /**
     * Gives the due jobs parked in the lane of a queue that is no longer leased on its own back to the common
     * lane. A job is parked as it is inserted when its queue was limited, shared or paused in the insert's
     * snapshot; a change of the queue that committed meanwhile could not see it to unpark it, and no lease
     * would ever take it. The queues come from a skip scan of the parked lane's index: one probe per queue.
     */
    private void unparkStrays() {
        if (!dialect.parksJobs()) {
            return;
        }
        String parked = "j." + JobSql.PENDING + " AND j.parked = TRUE";
        List<List<String>> strays = tx.list("finding jobs parked in queues leased with the others",
                "WITH RECURSIVE lanes (namespace, queue) AS ("
                        + "(SELECT j.namespace, j.queue FROM tock_jobs j WHERE " + parked + " ORDER BY j.namespace, j.queue LIMIT 1)"
                        + " UNION ALL SELECT n.namespace, n.queue FROM lanes l CROSS JOIN LATERAL (SELECT j.namespace, j.queue"
                        + " FROM tock_jobs j WHERE " + parked + " AND (j.namespace, j.queue) > (l.namespace, l.queue)"
                        + " ORDER BY j.namespace, j.queue LIMIT 1) n)"
                        + " SELECT l.namespace, l.queue FROM lanes l WHERE NOT EXISTS (SELECT 1 FROM tock_queues q"
                        + " WHERE q.namespace = l.namespace AND q.name = l.queue AND " + JobSql.SPECIAL_QUEUE + ")",
                rs -> List.of(rs.getString(1), rs.getString(2)));
        for (List<String> queue : strays) {
            int unparked = tx.run("unparking jobs of a queue leased with the others", c -> {
                // Under the queue's row lock, as a change of its settings unparks, and only if it is still not special.
                Sql.exists(c, "SELECT 1 FROM tock_queues WHERE namespace = ? AND name = ? FOR UPDATE", queue.get(0), queue.get(1));
                return Sql.update(c, "UPDATE tock_jobs j SET parked = FALSE WHERE " + parked + " AND j.namespace = ? AND j.queue = ?"
                        + " AND NOT EXISTS (SELECT 1 FROM tock_queues q WHERE q.namespace = ? AND q.name = ? AND " + JobSql.SPECIAL_QUEUE + ")",
                        queue.get(0), queue.get(1), queue.get(0), queue.get(1));
            });
            if (unparked > 0) {
                log.info("gave {} jobs parked in queue {}/{} back to the common lane", unparked, queue.get(0), queue.get(1));
            }
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
