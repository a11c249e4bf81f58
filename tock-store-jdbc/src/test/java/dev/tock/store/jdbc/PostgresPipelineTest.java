package dev.tock.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link Pipeline} promises on PostgreSQL, where its statements go in one round trip: they run in order, and a
 * statement after a lock reads with a snapshot taken once the lock was granted, so it sees what the lock's holder
 * committed. The completion of a workflow step relies on it: its runs' locks and the reads under them go together.
 */
class PostgresPipelineTest {
    private String schema;
    private final ExecutorService waiter = Executors.newSingleThreadExecutor();

    @BeforeEach
    void tables() throws SQLException {
        schema = TestDatabases.freshSchemaName();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE runs (id INTEGER PRIMARY KEY)");
            s.execute("CREATE TABLE steps (run_id INTEGER, name TEXT)");
            s.execute("INSERT INTO runs VALUES (1)");
        }
    }

    @AfterEach
    void drop() {
        waiter.shutdownNow();
        TestDatabases.dropSchema(schema);
    }

    @Test
    void aReadAfterALockSeesWhatTheLocksHolderCommitted() throws Exception {
        try (Connection holder = connect(); Connection reader = connect()) {
            holder.setAutoCommit(false);
            update(holder, "SELECT id FROM runs WHERE id = 1 FOR UPDATE");
            reader.setAutoCommit(false);
            List<Integer> locked = new ArrayList<>();
            List<String> steps = new ArrayList<>();
            int[] inserted = new int[1];
            Future<?> pipelined = waiter.submit(() -> {
                new Pipeline(new PostgresDialect())
                        .update("INSERT INTO steps VALUES (?, 'mine')", run(2), rows -> inserted[0] = rows)
                        .query("SELECT id FROM runs WHERE id = ? FOR UPDATE", run(1), rs -> {
                            while (rs.next()) {
                                locked.add(rs.getInt(1));
                            }
                        })
                        .query("SELECT name FROM steps WHERE run_id = ? ORDER BY name", run(1), rs -> {
                            while (rs.next()) {
                                steps.add(rs.getString(1));
                            }
                        })
                        .run(reader);
                return null;
            });
            waitUntilBlocked(reader);
            update(holder, "INSERT INTO steps VALUES (1, 'next')");
            holder.commit();
            pipelined.get(10, TimeUnit.SECONDS);
            assertThat(inserted[0]).isEqualTo(1);
            assertThat(locked).containsExactly(1);
            assertThat(steps).as("the read after the lock saw the holder's commit").containsExactly("next");
            reader.rollback();
        }
    }

    @Test
    void oneStatementReadsWithTheSnapshotItStartedWith() throws Exception {
        // The contrast that makes the pipeline needed: the lock and the read in one statement miss the holder's commit.
        try (Connection holder = connect(); Connection reader = connect()) {
            holder.setAutoCommit(false);
            update(holder, "SELECT id FROM runs WHERE id = 1 FOR UPDATE");
            Future<Long> together = waiter.submit(() -> {
                try (PreparedStatement ps = reader.prepareStatement("WITH l AS (SELECT id FROM runs WHERE id = 1 FOR UPDATE)"
                        + " SELECT (SELECT COUNT(*) FROM l) + 10 * (SELECT COUNT(*) FROM steps WHERE run_id = 1)");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            waitUntilBlocked(reader);
            update(holder, "INSERT INTO steps VALUES (1, 'next')");
            holder.commit();
            assertThat(together.get(10, TimeUnit.SECONDS)).as("one lock, no step seen").isEqualTo(1);
        }
    }

    @Test
    void withoutPipeliningTheStatementsRunOneByOneToTheSameResults() throws Exception {
        try (Connection c = connect()) {
            List<Integer> counts = new ArrayList<>();
            List<String> names = new ArrayList<>();
            new Pipeline(new H2Dialect())
                    .update("INSERT INTO steps VALUES (1, 'a'), (1, 'b')", (ps, first) -> first, counts::add)
                    .query("SELECT name FROM steps ORDER BY name", (ps, first) -> first, rs -> {
                        while (rs.next()) {
                            names.add(rs.getString(1));
                        }
                    })
                    .run(c);
            assertThat(counts).containsExactly(2);
            assertThat(names).containsExactly("a", "b");
        }
    }

    /** Binds one run id. */
    private static Pipeline.Binder run(int id) {
        return (ps, first) -> {
            ps.setInt(first, id);
            return first + 1;
        };
    }

    /** Waits, at most 10 s, until the connection's backend waits for a lock. */
    private void waitUntilBlocked(Connection waiting) throws Exception {
        int pid;
        try (Connection probe = connect(); Statement s = probe.createStatement()) {
            pid = waiting.unwrap(org.postgresql.PGConnection.class).getBackendPID();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery("SELECT wait_event_type FROM pg_stat_activity WHERE pid = " + pid)) {
                    if (rs.next() && "Lock".equals(rs.getString(1))) {
                        return;
                    }
                }
                Thread.sleep(10);
            }
        }
        throw new AssertionError("backend " + pid + " never waited for the lock");
    }

    private static void update(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(TestDatabases.POSTGRES_URL);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
            s.execute("SET search_path TO " + schema);
        }
        return c;
    }
}
