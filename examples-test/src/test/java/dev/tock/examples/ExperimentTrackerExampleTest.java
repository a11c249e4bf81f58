package dev.tock.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.examples.support.Bounded;
import dev.tock.examples.support.ExampleCopy;
import dev.tock.examples.support.PostgresSchema;
import dev.tock.examples.support.TockClient;
import dev.tock.examples.support.TockNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/experiment-tracker/ applied as its README says, on a Tock node on PostgreSQL. The tracker's own
 * database is a second schema of the test database, reached only through the connection string in the Tock
 * Secret {@code db-credentials} (password included), so a migration that reaches it read the Secret. What the
 * tracker needs: the migration retried 3 times (4 attempts) and then dead; mended by restoring the Secret and
 * retrying; a migration stuck on a lock stopped by its run deadline, without further attempts; the nightly
 * cleanup at 02:00 in its zone, Forbid, history 3/5, deleting only old experiments.
 *
 * <p>Substitutions: the backoff starts at 1 s instead of 10 s, and in the deadline test the run deadline is
 * 5 s instead of 300 s.
 */
class ExperimentTrackerExampleTest {
    private static final String NS = "/v1/namespaces/tracker";
    /** The test database's own password when it needs one (TOCK_TEST_PG_URL), else any: it trusts 127.0.0.1. */
    private static final String PASSWORD = jdbcParameter("password").orElse("pw-" + UUID.randomUUID());

    @TempDir
    Path dir;

    private PostgresSchema tockSchema;
    private PostgresSchema trackerDb;
    private TockNode node;
    private TockClient tock;

    @BeforeEach
    void schemas() throws Exception {
        tockSchema = PostgresSchema.create("tock_ex_tracker");
        trackerDb = PostgresSchema.create("experiments");
    }

    @AfterEach
    void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        tockSchema.close();
        trackerDb.close();
    }

    /** The tracker database's connection string as libpq reads it: the test database, its schema, a password. */
    private String connectionString(int port) {
        java.net.URI jdbc = java.net.URI.create(PostgresSchema.URL.substring("jdbc:".length()));
        return "postgresql://" + jdbcParameter("user").orElse("postgres") + ":" + PASSWORD + "@" + jdbc.getHost() + ":" + port
                + jdbc.getPath() + "?options=-csearch_path%3D" + trackerDb.name();
    }

    private static Optional<String> jdbcParameter(String name) {
        String query = java.net.URI.create(PostgresSchema.URL.substring("jdbc:".length())).getQuery();
        return query == null ? Optional.empty() : java.util.Arrays.stream(query.split("&")).filter(p -> p.startsWith(name + "="))
                .map(p -> java.net.URLDecoder.decode(p.substring(name.length() + 1), java.nio.charset.StandardCharsets.UTF_8)).findFirst();
    }

    private void start(Map<String, String> substitutions, int databasePort) throws Exception {
        ExampleCopy.of("experiment-tracker", dir, substitutions);
        node = TockNode.start("tracker-1", dir, tockSchema, Map.of());
        tock = new TockClient(node.url(), dir);
        tock.cliOk("namespaces", "create", "tracker");
        tock.cliOk("secrets", "create", "db-credentials", "-n", "tracker", "--from-literal", "connection-string=" + connectionString(databasePort));
        TockClient.Run apply = tock.cliOk("apply", "-f", "examples/experiment-tracker/");
        assertThat(apply.out().lines().toList()).as(apply.toString())
                .contains("namespace/tracker unchanged", "job/tracker/database-migration created", "schedule/tracker/cleanup-old-experiments created");
    }

    @Test
    void theMigrationIsRetriedThreeTimesThenMendedByTheSecretAndTheNightlyCleanupDeletesOldExperiments() throws Exception {
        start(Map.of("initialBackoff: 10s", "initialBackoff: 1s"), 1); // nothing listens on port 1: connection refused
        JsonNode dead = awaitEnded(migrationJob());
        assertThat(dead.get("state").asText()).as(dead.toString()).isEqualTo("dead");
        List<JsonNode> attempts = attempts(dead);
        assertThat(attempts).as("backoffLimit 3: the first attempt and 3 retries").hasSize(4)
                .allSatisfy(a -> assertThat(a.get("error").asText()).contains("Connection refused"));
        assertThat(attempts.toString()).as("the password never shows in what Tock records").doesNotContain(PASSWORD);
        JsonNode stored = tock.get(NS + "/jobs/" + dead.get("id").asText()).at("/executor/env/DATABASE_URL");
        assertThat(stored.at("/valueFrom/secretKeyRef/name").asText()).as("the job keeps the reference, not the value").isEqualTo("db-credentials");

        tock.cliOk("secrets", "create", "db-credentials", "-n", "tracker", "--from-literal", "connection-string=" + connectionString(5432));
        tock.cliOk("jobs", "retry", dead.get("id").asText(), "-n", "tracker");
        JsonNode migrated = awaitEnded(dead.get("id").asText());
        assertThat(migrated.get("state").asText()).as(migrated.toString()).isEqualTo("succeeded");
        assertThat(query("SELECT string_agg(name, ',' ORDER BY name) FROM schema_migrations"))
                .as("migrated through the Secret's connection string").isEqualTo("001_experiments.sql,002_runs.sql");

        JsonNode cleanup = tock.get(NS + "/schedules/cleanup-old-experiments");
        assertThat(cleanup.get("schedule").asText()).isEqualTo("0 2 * * *");
        assertThat(cleanup.get("timeZone").asText()).isEqualTo("Europe/Berlin");
        assertThat(cleanup.get("overlap").asText()).isEqualTo("forbid");
        assertThat(cleanup.get("successfulJobsHistoryLimit").asInt()).isEqualTo(3);
        assertThat(cleanup.get("failedJobsHistoryLimit").asInt()).isEqualTo(5);
        assertThat(tock.get(NS + "/schedules/cleanup-old-experiments/preview?count=3").toString())
                .as("02:00 in Berlin is 01:00 UTC in winter").contains("T01:00:00Z");

        query("INSERT INTO experiments (name, finished_at) VALUES ('old', now() - interval '120 days'), "
                + "('recent', now() - interval '10 days'), ('running', NULL) RETURNING 1");
        TockClient.Run trigger = tock.cliOk("schedules", "trigger", "cleanup-old-experiments", "-n", "tracker", "-o", "json");
        String job = Bounded.awaitValue(Duration.ofSeconds(30), "the manual cleanup's job", () -> runs("cleanup-old-experiments")
                .stream().filter(r -> r.has("job")).map(r -> r.get("job").asText()).findFirst(), () -> trigger + node.output());
        JsonNode cleaned = awaitEnded(job);
        assertThat(cleaned.get("state").asText()).as(cleaned.toString()).isEqualTo("succeeded");
        assertThat(attempts(cleaned).getFirst().get("output").asText()).contains("deleted 1 experiments finished more than 90 days ago");
        assertThat(query("SELECT string_agg(name, ',' ORDER BY name) FROM experiments")).isEqualTo("recent,running");
    }

    @Test
    void aMigrationStuckOnALockIsStoppedByItsRunDeadline() throws Exception {
        try (Connection db = DriverManager.getConnection(PostgresSchema.URL); Statement s = db.createStatement()) {
            s.execute("CREATE TABLE " + trackerDb.name() + ".schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
            db.setAutoCommit(false);
            s.execute("LOCK TABLE " + trackerDb.name() + ".schema_migrations IN ACCESS EXCLUSIVE MODE"); // a long transaction
            start(Map.of("initialBackoff: 10s", "initialBackoff: 1s", "activeDeadline: 300s", "activeDeadline: 5s"), 5432);
            JsonNode dead = awaitEnded(migrationJob());
            assertThat(dead.get("state").asText()).as(dead.toString()).isEqualTo("dead");
            assertThat(dead.get("lastError").asText()).startsWith("DeadlineExceeded");
            assertThat(attempts(dead)).as("no retry once the run's deadline passed").hasSize(1);
            Bounded.await(Duration.ofSeconds(20), "the migration's psql to be stopped", () -> ProcessHandle.allProcesses()
                    .noneMatch(p -> p.info().commandLine().orElse("").contains(trackerDb.name())), node::output);
            db.rollback();
        }
    }

    private String migrationJob() {
        return Bounded.awaitValue(Duration.ofSeconds(30), "the database-migration job", () -> {
            JsonNode jobs = tock.get(NS + "/jobs?type=tracker.migrate").get("jobs");
            return jobs.isEmpty() ? Optional.empty() : Optional.of(jobs.get(0).get("id").asText());
        }, node::output);
    }

    private JsonNode awaitEnded(String id) {
        return Bounded.awaitValue(Duration.ofSeconds(60), "job " + id + " to end", () -> {
            JsonNode job = tock.get(NS + "/jobs/" + id);
            return List.of("succeeded", "dead", "cancelled").contains(job.get("state").asText()) ? Optional.of(job) : Optional.empty();
        }, node::output);
    }

    private List<JsonNode> attempts(JsonNode job) {
        List<JsonNode> list = new ArrayList<>();
        tock.get(NS + "/jobs/" + job.get("id").asText() + "/attempts").get("attempts").forEach(list::add);
        return list;
    }

    private List<JsonNode> runs(String schedule) {
        List<JsonNode> list = new ArrayList<>();
        tock.get(NS + "/schedules/" + schedule + "/runs").get("runs").forEach(list::add);
        return list;
    }

    /** One value from the tracker's database. */
    private String query(String sql) throws Exception {
        try (Connection db = DriverManager.getConnection(PostgresSchema.URL); Statement s = db.createStatement()) {
            s.execute("SET search_path TO " + trackerDb.name());
            try (ResultSet r = s.executeQuery(sql)) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }
}
