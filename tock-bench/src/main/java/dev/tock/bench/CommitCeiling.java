package dev.tock.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The database's own limit, pgbench-style: {@code connections} connections, each updating its own row
 * of a small table in autocommit ({@code UPDATE t SET v = v + 1 WHERE id = ?}) as fast as it can.
 * Every commit is a WAL flush, which is what a scheduler that commits each job's completion pays.
 */
final class CommitCeiling {
    private CommitCeiling() {
    }

    /** Commits per second over {@code duration}, after a warm-up as long (at most a second). */
    static double measure(String url, int connections, Duration duration) {
        try (Schema schema = Schema.create(url, "ceiling", 1)) {
            schema.runScript("create table t (id int primary key, v bigint not null);\n"
                    + "insert into t select g, 0 from generate_series(0, " + (connections - 1) + ") g;\n");
            long[] commits = new long[connections];
            long warmUpEnd = System.nanoTime() + Math.min(duration.toNanos(), Duration.ofSeconds(1).toNanos());
            long end = warmUpEnd + duration.toNanos();
            ExecutorService pool = Executors.newFixedThreadPool(connections);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < connections; c++) {
                    int row = c;
                    done.add(pool.submit(() -> commits[row] = update(schema.urlInSchema(), row, warmUpEnd, end)));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } catch (Exception e) {
                throw new BenchException("commit ceiling failed: " + e.getMessage(), e);
            } finally {
                pool.shutdownNow();
            }
            long total = Arrays.stream(commits).sum();
            long stored = schema.count("select coalesce(sum(v), 0) from t");
            if (stored < total) {
                throw new BenchException("commit ceiling: counted " + total + " commits but the table holds " + stored);
            }
            return total / (duration.toNanos() / 1e9);
        }
    }

    /** Updates {@code row} until {@code end}; returns the commits after {@code countFrom}. */
    private static long update(String url, int row, long countFrom, long end) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement update = c.prepareStatement("UPDATE t SET v = v + 1 WHERE id = ?")) {
            c.setAutoCommit(true);
            update.setInt(1, row);
            long counted = 0;
            for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
                update.executeUpdate();
                if (now >= countFrom) {
                    counted++;
                }
            }
            return counted;
        }
    }
}
