package dev.tock.store.jdbc;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.tock.model.ConflictException;
import dev.tock.store.StoreException;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What a failed statement becomes: a constraint violation that escapes a repository is a conflict
 * (409), never "the store could not be reached" (503); only a store that cannot be reached is a
 * {@link StoreException}.
 */
class TransactionsTest {

    @Test
    void aUniqueViolationOnPostgresIsAConflict() {
        String schema = TestDatabases.freshSchemaName();
        Dialect dialect = new PostgresDialect();
        try (HikariDataSource pool = ConnectionPools.general(dialect, dialect.prepareUrl(TestDatabases.POSTGRES_URL, schema), 2)) {
            createSchema(pool, schema);
            assertDuplicateIsAConflict(new Transactions(pool, false));
        } finally {
            TestDatabases.dropSchema(schema);
        }
    }

    @Test
    void aUniqueViolationOnH2IsAConflict() {
        Dialect dialect = new H2Dialect();
        String url = dialect.prepareUrl("jdbc:h2:mem:tock-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "");
        try (HikariDataSource pool = ConnectionPools.general(dialect, url, 2)) {
            assertDuplicateIsAConflict(new Transactions(pool, true));
        }
    }

    @Test
    void aStoreThatCannotBeReachedIsAStoreFailure() {
        PGSimpleDataSource unreachable = new PGSimpleDataSource();
        unreachable.setServerNames(new String[] {"127.0.0.1"});
        unreachable.setPortNumbers(new int[] {1});
        unreachable.setConnectTimeout(5);
        Transactions tx = new Transactions(unreachable, false);

        assertThatThrownBy(() -> tx.update("saving queue", "SELECT 1"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("SQLState 08");
    }

    private static void createSchema(HikariDataSource pool, String schema) {
        new Transactions(pool, false).run("creating schema", c -> c.createStatement().execute("CREATE SCHEMA IF NOT EXISTS " + schema));
    }

    private static void assertDuplicateIsAConflict(Transactions tx) {
        tx.update("creating table", "CREATE TABLE things (name VARCHAR(20) PRIMARY KEY)");
        tx.update("inserting", "INSERT INTO things (name) VALUES ('a')");

        assertThatThrownBy(() -> tx.update("saving thing", "INSERT INTO things (name) VALUES ('a')"))
                .isInstanceOf(ConflictException.class)
                .hasMessage("saving thing conflicted with a concurrent change to the same object; try again");
        assertThatThrownBy(() -> tx.run("saving things", c -> {
            Sql.batch(c, "INSERT INTO things (name) VALUES (?)", java.util.List.of("b", "a"), n -> new Object[] {n});
            return null;
        })).isInstanceOf(ConflictException.class);
    }
}
