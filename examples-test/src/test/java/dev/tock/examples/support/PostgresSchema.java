package dev.tock.examples.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh PostgreSQL schema for one test's Tock nodes (the test database of {@code TOCK_TEST_PG_URL}, else
 * 127.0.0.1:5432/tock_test as postgres), dropped on close. The nodes create Tock's tables in it when they start.
 */
public final class PostgresSchema implements AutoCloseable {
    /** The JDBC URL of the test database, without a schema. */
    public static final String URL = System.getenv().getOrDefault("TOCK_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/tock_test?user=postgres");

    private final String name;

    private PostgresSchema(String name) {
        this.name = name;
    }

    /** Creates {@code PREFIX_<random>}. */
    public static PostgresSchema create(String prefix) throws SQLException {
        PostgresSchema schema = new PostgresSchema(prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        schema.execute("CREATE SCHEMA " + schema.name);
        return schema;
    }

    public String name() {
        return name;
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }
}
