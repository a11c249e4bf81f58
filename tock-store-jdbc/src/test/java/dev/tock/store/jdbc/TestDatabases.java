package dev.tock.store.jdbc;

import dev.tock.store.StoreOptions;
import dev.tock.testing.RecycledSchemas;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** Where the tests' databases are: a fresh in-memory H2, or a fresh schema on the local PostgreSQL. */
final class TestDatabases {
    /** Override with TOCK_TEST_PG_URL; .ci/run creates the database. */
    static final String POSTGRES_URL = System.getenv().getOrDefault("TOCK_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/tock_test?user=postgres");

    /** Migrated schemas the Postgres suites' tests hand on to one another within a test JVM. */
    private static final RecycledSchemas RECYCLED = new RecycledSchemas(POSTGRES_URL,
            schema -> JdbcStore.open(postgres(schema)).close());

    private TestDatabases() {
    }

    static StoreOptions freshH2() {
        return new StoreOptions("jdbc:h2:mem:tock-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", 8, "");
    }

    static String freshSchemaName() {
        return RecycledSchemas.freshName();
    }

    /** An empty, migrated schema an earlier test of this JVM gave back, or a fresh name; give it back with {@link #giveBack}. */
    static String recycledSchema() {
        return RECYCLED.take();
    }

    /** Empties a schema from {@link #recycledSchema()} for the next test once its store is closed (or drops it). */
    static void giveBack(String schema) {
        RECYCLED.giveBack(schema);
    }

    /** Finished jobs move to the history at every maintenance, so that every suite reads them there too. */
    static StoreOptions postgres(String schema) {
        return new StoreOptions(POSTGRES_URL, 8, schema).withHistoryAfter(java.time.Duration.ZERO);
    }

    static void dropSchema(String schema) {
        try (Connection c = DriverManager.getConnection(POSTGRES_URL); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop test schema " + schema, e);
        }
    }
}
