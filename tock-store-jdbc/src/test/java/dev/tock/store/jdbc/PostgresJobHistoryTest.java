package dev.tock.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.model.AttemptOutcome;
import dev.tock.model.JobId;
import dev.tock.model.JobQuery;
import dev.tock.model.JobState;
import dev.tock.model.LeasedJob;
import dev.tock.model.NewJob;
import dev.tock.model.RetryPolicy;
import dev.tock.store.FinishedAttempt;
import dev.tock.store.JobHistoryCompatibilitySuite;
import dev.tock.store.LeaseRequest;
import dev.tock.store.Store;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The history on PostgreSQL: the shared behaviour with jobs moved at every maintenance, then what only a
 * partitioned history does: days dropped whole past retention, and a store from before the history moved over
 * while it runs.
 */
class PostgresJobHistoryTest extends JobHistoryCompatibilitySuite {
    private final String schema = TestDatabases.recycledSchema();

    @Override
    protected Store newStore() {
        return JdbcStore.open(TestDatabases.postgres(schema));
    }

    @Override
    protected void dropStore() {
        // Its days of history are partitions the next test's fresh schema would not have.
        TestDatabases.dropSchema(schema);
    }

    private Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(TestDatabases.POSTGRES_URL);
        try (Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
        }
        return c;
    }

    private long count(String sql) throws SQLException {
        try (Connection c = connect()) {
            return Sql.count(c, sql);
        }
    }

    private JobId deadJob() {
        JobId id = store.jobs().enqueue(List.of(NewJob.builder("work").retry(RetryPolicy.maxAttempts(1)).build())).get(0).id();
        LeasedJob leased = store.leases().lease(new LeaseRequest("n", Set.of("work"), 1, Duration.ofSeconds(30))).get(0);
        store.heldLeases().finish(List.of(new FinishedAttempt(leased.lease(), 1, "n", Instant.now(), Instant.now(), AttemptOutcome.FAILED,
                JobState.DEAD, Duration.ZERO, Optional.of("boom"), Optional.empty())));
        return id;
    }

    @Test
    void finishedJobsLeaveTheUnfinishedTableForTheirDay() throws SQLException {
        JobId dead = deadJob();
        store.jobs().enqueue(List.of(NewJob.of("work", "{}")));
        store.maintain();

        assertThat(count("SELECT COUNT(*) FROM tock_jobs")).as("only the unfinished job").isEqualTo(1);
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
        assertThat(count("SELECT COUNT(*) FROM tock_job_history_p" + today + " WHERE id = '" + dead.value() + "'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM pg_inherits WHERE inhparent = 'tock_job_history'::regclass"))
                .as("before, today and %d days ahead", JobHistory.DAYS_AHEAD).isEqualTo(2 + JobHistory.DAYS_AHEAD);
    }

    @Test
    void retentionDropsWholeDaysWithTheirAttemptsAndTheHistoryGoesOn() throws SQLException {
        JobId dead = deadJob();
        store.maintain();
        assertThat(count("SELECT COUNT(*) FROM tock_attempts")).isEqualTo(1);

        int dropped;
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            dropped = new PartitionedJobHistory().deleteExpired(c, Instant.now().plus(Duration.ofDays(JobHistory.DAYS_AHEAD + 2)));
            c.commit();
        }

        assertThat(dropped).as("today and the days ahead").isEqualTo(1 + JobHistory.DAYS_AHEAD);
        assertThat(store.jobs().find(dead)).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM tock_attempts")).isZero();
        store.maintain();
        JobId next = deadJob();
        store.maintain();
        assertThat(store.jobs().find(next).orElseThrow().state()).isEqualTo(JobState.DEAD);
        assertThat(count("SELECT COUNT(*) FROM tock_jobs")).isZero();
    }

    @Test
    void aStoreFromBeforeTheHistoryMovesItsFinishedJobsOverWhileItRuns() throws SQLException {
        String old = TestDatabases.freshSchemaName();
        try {
            PostgresDialect dialect = new PostgresDialect();
            Flyway.configure(getClass().getClassLoader()).dataSource(TestDatabases.POSTGRES_URL, null, null)
                    .schemas(old).createSchemas(true).locations(SchemaMigrator.LOCATION).table(SchemaMigrator.HISTORY_TABLE)
                    .placeholders(dialect.migrationPlaceholders()).target("7.9").load().migrate();
            UUID lastWeek = UUID.randomUUID();
            UUID lastMinute = UUID.randomUUID();
            UUID running = UUID.randomUUID();
            try (Connection c = DriverManager.getConnection(TestDatabases.POSTGRES_URL); Statement s = c.createStatement()) {
                s.execute("SET search_path TO " + old);
                String insert = "INSERT INTO tock_jobs (id, namespace, queue, type, payload, priority, state, run_at, created_at, finished_at,"
                        + " attempts, max_attempts, backoff_initial_ms, backoff_max_ms, backoff_multiplier, backoff_jitter, lease_token)"
                        + " VALUES ('%s', 'default', 'default', 'work', '{}', 0, '%s', now(), now() - interval '8 days', %s, 1, 3, 1000,"
                        + " 60000, 2, 0, 1)";
                s.execute(insert.formatted(lastWeek, "succeeded", "now() - interval '7 days'"));
                s.execute(insert.formatted(lastMinute, "dead", "now() - interval '1 minute'"));
                s.execute(insert.formatted(running, "ready", "NULL"));
            }

            try (Store migrated = JdbcStore.open(TestDatabases.postgres(old))) {
                assertThat(migrated.jobs().list(JobQuery.of("default")).jobs()).hasSize(3);
                migrated.maintain();

                assertThat(migrated.jobs().find(new JobId(lastWeek)).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
                assertThat(migrated.jobs().find(new JobId(lastMinute)).orElseThrow().state()).isEqualTo(JobState.DEAD);
                assertThat(migrated.jobs().list(JobQuery.of("default")).jobs()).hasSize(3);
                try (Connection c = DriverManager.getConnection(TestDatabases.POSTGRES_URL)) {
                    assertThat(Sql.count(c, "SELECT COUNT(*) FROM " + old + ".tock_jobs")).isEqualTo(1);
                    assertThat(Sql.count(c, "SELECT COUNT(*) FROM " + old + ".tock_job_history_before WHERE id = ?", lastWeek))
                            .as("finished before the history existed").isEqualTo(1);
                    c.setAutoCommit(false);
                    Sql.update(c, "SET LOCAL search_path TO " + old);
                    assertThat(new PartitionedJobHistory().deleteExpired(c, Instant.now().minus(Duration.ofDays(3))))
                            .as("last week's job, row by row").isEqualTo(1);
                    c.commit();
                }
                assertThat(migrated.jobs().find(new JobId(lastWeek))).isEmpty();
                assertThat(migrated.jobs().find(new JobId(lastMinute))).isPresent();
            }
        } finally {
            TestDatabases.dropSchema(old);
        }
    }
}
