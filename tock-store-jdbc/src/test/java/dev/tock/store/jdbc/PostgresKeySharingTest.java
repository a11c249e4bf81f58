package dev.tock.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.model.Enqueued;
import dev.tock.model.JobId;
import dev.tock.model.LeasedJob;
import dev.tock.model.NewJob;
import dev.tock.model.Queue;
import dev.tock.store.KeySharingCompatibilitySuite;
import dev.tock.store.LeaseRequest;
import dev.tock.store.Store;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PostgresKeySharingTest extends KeySharingCompatibilitySuite {
    private final String schema = TestDatabases.recycledSchema();

    @Override
    protected Store newStore() {
        return JdbcStore.open(TestDatabases.postgres(schema));
    }

    @Override
    protected void dropStore() {
        TestDatabases.giveBack(schema);
    }

    private JobId enqueueOne(NewJob job) {
        return store.jobs().enqueue(List.of(job)).get(0).id();
    }

    private List<JobId> enqueueTwo(NewJob job) {
        return store.jobs().enqueue(List.of(job, job)).stream().map(Enqueued::id).toList();
    }

    private boolean parked(JobId id) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestDatabases.POSTGRES_URL);
             PreparedStatement ps = c.prepareStatement("SELECT parked FROM " + schema + ".tock_jobs WHERE id = ?")) {
            ps.setObject(1, id.value());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("job %s stored", id).isTrue();
                return rs.getBoolean(1);
            }
        }
    }

    private List<UUID> leaseIds() {
        return store.leases().lease(new LeaseRequest("node-a", Set.of("work"), 10, Duration.ofSeconds(30))).stream()
                .map(LeasedJob::job).map(j -> j.id().value()).toList();
    }

    @Test
    void dueJobsOfAQueueLeasedOnItsOwnGoIntoItsLaneAsTheyAreInserted() throws SQLException {
        store.queues().save(Queue.of("default", "capped").withMaxRunning(2));
        NewJob capped = NewJob.builder("work").queue("capped").build();
        NewJob plain = NewJob.builder("work").queue("plain").build();
        NewJob cappedLater = NewJob.builder("work").queue("capped").delay(Duration.ofHours(1)).build();

        assertThat(parked(enqueueOne(capped))).isTrue();
        for (JobId id : enqueueTwo(capped)) {
            assertThat(parked(id)).isTrue();
        }
        // Not due yet: the lane holds due jobs only, and the queue's lease parks these when their time comes.
        assertThat(parked(enqueueOne(cappedLater))).isFalse();
        for (JobId id : enqueueTwo(cappedLater)) {
            assertThat(parked(id)).isFalse();
        }
        assertThat(parked(enqueueOne(plain))).isFalse();
        for (JobId id : enqueueTwo(plain)) {
            assertThat(parked(id)).isFalse();
        }
    }

    @Test
    void aJobParkedInAQueueThatNoLongerHasLimitsIsLeasedAfterMaintenance() throws SQLException {
        store.queues().save(Queue.of("default", "capped").withMaxRunning(1));
        JobId id = enqueueOne(NewJob.builder("work").queue("capped").build());
        // The race maintenance mends: the limit goes in a transaction that could not see the job to unpark it.
        try (Connection c = DriverManager.getConnection(TestDatabases.POSTGRES_URL); Statement s = c.createStatement()) {
            s.execute("UPDATE " + schema + ".tock_queues SET max_running = NULL WHERE name = 'capped'");
        }
        store.queues().save(Queue.of("default", "other").withMaxRunning(1)); // this node reads the limits again
        assertThat(leaseIds()).isEmpty();

        store.maintain();

        assertThat(parked(id)).isFalse();
        assertThat(leaseIds()).containsExactly(id.value());
    }
}
