package dev.tock.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh PostgreSQL schema for one measurement of one system, dropped on close, with a connection
 * pool whose connections work in it (the peers find their tables through {@code currentSchema}).
 */
final class Schema implements AutoCloseable {
    private final String url;
    private final String name;
    private final HikariDataSource pool;

    private Schema(String url, String name, int poolSize) {
        this.url = url;
        this.name = name;
        execute(url, "CREATE SCHEMA " + name);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(urlInSchema());
        config.setMaximumPoolSize(poolSize);
        config.setPoolName(name);
        this.pool = new HikariDataSource(config);
    }

    static Schema create(String url, String system, int poolSize) {
        String name = "bench_" + system.replaceAll("[^a-z0-9]", "") + "_" + UUID.randomUUID().toString().substring(0, 8);
        return new Schema(url, name, poolSize);
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
        pool.close();
        execute(url, "DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }

    static void execute(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new BenchException(sql + " failed: " + e.getMessage(), e);
        }
    }
}
