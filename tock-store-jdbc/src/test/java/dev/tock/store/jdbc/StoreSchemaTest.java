package dev.tock.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.model.JobState;
import dev.tock.model.NewJob;
import dev.tock.store.Store;
import dev.tock.store.LeaseRequest;
import dev.tock.store.StoreOptions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A store configured with a schema keeps every connection in it, on both databases. */
class StoreSchemaTest {

    @Test
    void h2StoreLivesInItsSchema() {
        StoreOptions options = new StoreOptions("jdbc:h2:mem:tock-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", 4, "tock_custom");
        try (Store store = JdbcStore.open(options)) {
            exercise(store);
        }
    }

    @Test
    void postgresStoreLivesInItsSchemaOnEveryConnection() {
        String schema = TestDatabases.freshSchemaName();
        try (Store store = JdbcStore.open(TestDatabases.postgres(schema))) {
            // More rounds than pool connections, so fresh connections are used too.
            for (int i = 0; i < 12; i++) {
                exercise(store);
            }
        } finally {
            TestDatabases.dropSchema(schema);
        }
    }

    private static void exercise(Store store) {
        var id = store.jobs().enqueue(List.of(NewJob.of("work", "{}"))).get(0).id();
        assertThat(store.leases().lease(new LeaseRequest("n", Set.of("work"), 1, Duration.ofSeconds(5)))).hasSize(1);
        assertThat(store.jobs().find(id).orElseThrow().state()).isEqualTo(JobState.RUNNING);
        store.maintain();
    }
}
