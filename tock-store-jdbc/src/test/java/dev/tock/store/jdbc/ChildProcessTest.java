package dev.tock.store.jdbc;

import dev.tock.engine.Tock;
import dev.tock.store.Store;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A test in which a child JVM and a parent engine share one fresh PostgreSQL schema. */
abstract class ChildProcessTest {
    protected final String schema = TestDatabases.freshSchemaName();
    protected Store store;
    /** The parent's engine, once the test starts one; stopped afterwards. */
    protected Tock parent;

    @BeforeEach
    void openStore() {
        store = JdbcStore.open(TestDatabases.postgres(schema)); // migrates before the child opens it
    }

    @AfterEach
    void tearDown() {
        if (parent != null) {
            parent.stop(Duration.ofSeconds(5));
        }
        store.close();
        TestDatabases.dropSchema(schema);
    }
}
