package dev.tock.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.model.NewJob;
import dev.tock.testing.RecycledSchemas;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Postgres suites' schemas, handed on from test to test: each comes back as a freshly migrated one would be. */
class RecycledSchemasTest {
    private final RecycledSchemas schemas = new RecycledSchemas(TestDatabases.POSTGRES_URL,
            schema -> JdbcStore.open(TestDatabases.postgres(schema)).close());

    @Test
    void aSchemaComesBackEmptyButForWhatMigrationInserts() {
        String schema = schemas.take();
        try (JdbcStore store = JdbcStore.open(TestDatabases.postgres(schema))) {
            store.namespaces().create("team");
            store.jobs().enqueue(List.of(NewJob.builder("work").build(), NewJob.builder("work").namespace("team").build()));
        }
        schemas.giveBack(schema);

        assertThat(schemas.take()).isEqualTo(schema);
        try (JdbcStore store = JdbcStore.open(TestDatabases.postgres(schema))) {
            assertThat(store.jobs().countByState("default").values()).containsOnly(0L);
            assertThat(store.jobs().countByState("team").values()).as("jobs of a namespace made anew").containsOnly(0L);
            assertThat(store.namespaces().list()).containsExactly("default");
        } finally {
            schemas.drop(schema);
        }
    }

    @Test
    void aSchemaATestChangedIsDroppedNotReused() throws Exception {
        String schema = schemas.take();
        JdbcStore.open(TestDatabases.postgres(schema)).close();
        try (Connection c = DriverManager.getConnection(TestDatabases.POSTGRES_URL); Statement s = c.createStatement()) {
            s.execute("CREATE INDEX extra ON " + schema + ".tock_jobs (created_at)");
        }
        schemas.giveBack(schema);

        assertThat(schemas.take()).isNotEqualTo(schema);
        try (Connection c = DriverManager.getConnection(TestDatabases.POSTGRES_URL);
             var rs = c.createStatement().executeQuery("SELECT count(*) FROM pg_namespace WHERE nspname = '" + schema + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }
}
