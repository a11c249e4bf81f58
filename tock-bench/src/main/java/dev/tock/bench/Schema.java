package dev.tock.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A fresh PostgreSQL schema for one measurement of one system, dropped on close, with a connection
 * pool whose connections work in it (the peers find their tables through {@code currentSchema}).
 */
final class Schema implements AutoCloseable {
    /** Schemas not yet dropped, so that an interrupted run (Ctrl-C) leaves none behind. */
    private static final Set<Schema> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(Schema::drop), "drop-bench-schemas"));
    }

    private final String url;
    private final String name;
    private final HikariDataSource pool;
    private final ScheduledExecutorService vacuum;

    private Schema(String url, String name, int poolSize, Optional<Duration> vacuumEvery) {
        this.url = url;
        this.name = name;
        execute(url, "CREATE SCHEMA " + name);
        OPEN.add(this);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(urlInSchema());
        config.setMaximumPoolSize(poolSize);
        config.setPoolName(name);
        this.pool = new HikariDataSource(config);
        this.vacuum = vacuumEvery.map(every -> {
            ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("vacuum-" + name).factory());
            s.scheduleWithFixedDelay(this::vacuumAnalyze, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
            return s;
        }).orElse(null);
    }

    static Schema create(String url, String system, int poolSize) {
        return new Schema(url, schemaName(system), poolSize, Optional.empty());
    }

    /**
     * A schema whose tables are vacuumed and analyzed every {@code every}, as PostgreSQL's autovacuum
     * would (its default nap time is one minute); for peers on a server whose autovacuum is off.
     */
    static Schema createVacuumed(String url, String system, int poolSize, Duration every) {
        return new Schema(url, schemaName(system), poolSize, Optional.of(every));
    }

    private static String schemaName(String system) {
        return "bench_" + system.replaceAll("[^a-z0-9]", "") + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** VACUUM ANALYZE of every table in the schema (errors are ignored: the next round tries again). */
    void vacuumAnalyze() {
        try (Connection c = DriverManager.getConnection(urlInSchema()); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select tablename from pg_tables where schemaname = '" + name + "'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                s.execute("VACUUM ANALYZE " + name + "." + table);
            }
        } catch (SQLException e) {
            // the schema may be going away; autovacuum too skips a table it cannot lock
        }
    }

    String name() {
        return name;
    }

    HikariDataSource pool() {
        return pool;
    }

    /** The database URL with this schema as the connections' search path. */
    String urlInSchema() {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }

    /** Runs each statement of a script (separated by semicolons at line ends; {@code --} comments skipped). */
    void runScript(String script) {
        StringBuilder sql = new StringBuilder();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            for (String line : script.split("\n")) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                    continue;
                }
                sql.append(line).append('\n');
                if (trimmed.endsWith(";")) {
                    String statement = sql.toString().strip();
                    sql.setLength(0);
                    if (!statement.equalsIgnoreCase("commit;")) {
                        s.execute(statement.substring(0, statement.length() - 1));
                    }
                }
            }
        } catch (SQLException e) {
            throw new BenchException("script failed in schema " + name + ": " + e.getMessage(), e);
        }
    }

    /** The single number a query returns. */
    long count(String sql) {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new BenchException("query failed in schema " + name + ": " + sql, e);
        }
    }

    @Override
    public void close() {
        if (vacuum != null) {
            vacuum.shutdownNow();
        }
        pool.close();
        drop();
    }

    private void drop() {
        execute(url, "DROP SCHEMA IF EXISTS " + name + " CASCADE");
        OPEN.remove(this);
    }

    static void execute(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new BenchException(sql + " failed: " + e.getMessage(), e);
        }
    }
}
