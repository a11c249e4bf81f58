package dev.tock.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.engine.ScheduleCompatibilitySuite;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.schedule.Schedule;
import dev.tock.store.Store;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PostgresScheduleTest extends ScheduleCompatibilitySuite {
    private final String schema = TestDatabases.recycledSchema();

    @Override
    protected Store newStore() {
        return JdbcStore.open(TestDatabases.postgres(schema));
    }

    @Override
    protected void dropStore() {
        TestDatabases.giveBack(schema);
    }

    /**
     * Suspending reads the runs recorded ahead, then cancels each under its row's lock. A node that leases one in
     * between (here: a transaction that holds the row, leases it as the engine does, and commits once the suspension
     * waits for the row) keeps it: it was cancelled while its handler ran, which then ran to its end and saw it refused
     * ("its lease was no longer held"), as {@code tock bench --schedules} showed once in 1,000 suspensions.
     */
    @Test
    void suspendingLeavesARunThatANodeLeasedMeanwhile() throws Exception {
        JobId ahead = scheduleARunAhead("raced");
        Schedule s = store.schedules().find("default", "raced").orElseThrow().schedule();
        CompletableFuture<Boolean> suspending;
        try (Connection node = DriverManager.getConnection(TestDatabases.POSTGRES_URL)) {
            node.setAutoCommit(false);
            update(node, "SELECT id FROM " + schema + ".tock_jobs WHERE id = ? FOR UPDATE", ahead);
            suspending = CompletableFuture.supplyAsync(() -> store.schedules().save(s.withSuspended(true)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (PgProbe.count("SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE ?",
                    "%FOR UPDATE%") == 0) {
                assertThat(System.nanoTime()).as("the suspension waits for the job's row within 10 s").isLessThan(deadline);
                Thread.sleep(10);
            }
            update(node, "UPDATE " + schema + ".tock_jobs SET state = 'running', attempts = attempts + 1, lease_token = lease_token + 1,"
                    + " lease_owner = 'racing-node', leased_at = now(), lease_expires_at = now() + interval '1 minute',"
                    + " handler_started = FALSE WHERE id = ?", ahead);
            node.commit();
        }
        suspending.get(10, TimeUnit.SECONDS);

        assertThat(store.jobs().find(ahead).orElseThrow().state()).isIn(JobState.LEASED, JobState.RUNNING);
        assertThat(store.jobs().attempts(ahead)).isEmpty();
    }

    private static void update(Connection c, String sql, JobId id) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id.value());
            ps.execute();
        }
    }
}
