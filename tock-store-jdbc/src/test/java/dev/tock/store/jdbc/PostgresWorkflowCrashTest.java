package dev.tock.store.jdbc;

import static dev.tock.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.config.TockConfig;
import dev.tock.engine.Tock;
import dev.tock.workflow.RunLimits;
import dev.tock.workflow.RunQuery;
import dev.tock.workflow.RunState;
import dev.tock.workflow.Workflow;
import dev.tock.workflow.WorkflowJson;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Three engines on one PostgreSQL run 200 workflow runs of 5 steps, one of which fans out to 20 items; one engine,
 * in a JVM of its own, is SIGKILLed twice mid-way (once in each half of the runs). Every run succeeds, every step instance exists once with one job,
 * and no step started before the steps it needs had finished.
 */
class PostgresWorkflowCrashTest extends ChildProcessTest {
    /** The sizes; {@code -Dtock.crash.runs=N} runs fewer while investigating. */
    private static final int RUNS = Integer.getInteger("tock.crash.runs", 200);
    private static final int ITEMS = 20;
    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration HEARTBEAT = Duration.ofMillis(500);
    /** Generous: the test machine may be loaded many times over. */
    private static final Duration WAIT = Duration.ofMinutes(10);
    private static final RunLimits LIMITS = new RunLimits(TockConfig.DEFAULT_MAX_FAN_OUT, TockConfig.DEFAULT_MAX_STEP_OUTPUT_BYTES);
    private Tock second;

    private Tock engine(String name) {
        return Tock.builder().config(TockConfig.builder().nodeId(name).workerThreads(8).leaseDuration(LEASE)
                        .heartbeatInterval(HEARTBEAT).reaperInterval(Duration.ofMillis(200)).pollInterval(Duration.ofMillis(100)).build())
                .store(store).handler(ChildWorker.TYPE, ctx -> Thread.sleep(5)).build();
    }

    @Test
    void runsSurviveAnEngineKilledTwiceWithEveryStepOnceAndInOrder() throws Exception {
        parent = engine("parent-a");
        StringBuilder items = new StringBuilder("[");
        for (int i = 0; i < ITEMS; i++) {
            items.append(i == 0 ? "" : ",").append(i);
        }
        // The two kills may take two attempts from one step, and on a loaded machine a late heartbeat one more: each
        // such attempt runs again, as for any job, within a retry policy that allows for it.
        String retry = "'retry': {'maxAttempts': 6, 'initialBackoff': '10ms', 'maxBackoff': '10ms'}";
        Workflow crash = WorkflowJson.read("default", "crash", ("{'steps': ["
                + "{'name': 's0', 'type': 'work', " + retry + "},"
                + "{'name': 'fan', 'type': 'work', 'needs': ['s0'], 'payload': {'n': '{{item}}'}, " + retry + ","
                + " 'forEach': {'items': '{{inputs.items}}', 'maxParallel': 10}},"
                + "{'name': 's2', 'type': 'work', 'needs': ['fan'], " + retry + "},"
                + "{'name': 's3', 'type': 'work', 'needs': ['s2'], " + retry + "},"
                + "{'name': 's4', 'type': 'work', 'needs': ['s3'], " + retry + "}]}").replace('\'', '"'));
        parent.workflows().save(crash);
        // Two waves of half the runs, each with a child engine killed mid-way through it. Each wave's runs start once the
        // child is up, so that it finds work however slowly its JVM starts; then one more engine of the parent's starts.
        for (int kill = 1; kill <= 2; kill++) {
            String name = "child-" + kill + "-" + schema;
            try (ChildJvm child = new ChildJvm(TestDatabases.POSTGRES_URL, schema, name,
                    Long.toString(LEASE.toMillis()), Long.toString(HEARTBEAT.toMillis()), "20")) {
                child.awaitLine(WAIT, "READY");
                for (int r = 0; r < RUNS / 2 + (kill == 2 ? RUNS % 2 : 0); r++) {
                    // Through the store, as another process would: a start on an engine wakes that engine, which would
                    // take the wave's first steps, and then its runs' next steps, before the child could.
                    store.workflows().start(crash, "{\"items\": " + items + "]}", LIMITS);
                }
                (kill == 1 ? parent : second).start();
                child.await(WAIT, "the child to complete step jobs and hold others", () ->
                        child.lines().stream().filter(l -> l.startsWith("APPLIED")).count() >= 20
                                && PgProbe.runningOwnedBy(schema, name).size() >= 2);
                child.kill();
                assertThat(child.awaitExit(Duration.ofSeconds(5))).as("exit status after SIGKILL").isEqualTo(137);
            }
            second = kill == 1 ? engine("parent-b") : second;
        }
        try {
            await(WAIT, "all " + RUNS + " runs to succeed", this::succeededRuns, n -> n == RUNS);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; runs not succeeded, with their unfinished instances:" + unfinished(), e);
        } finally {
            second.stop(Duration.ofSeconds(5));
        }
        assertThat(store.workflows().listRuns(new RunQuery("default", Optional.of("crash"), Optional.empty(), Optional.empty(), RUNS)))
                .hasSize(RUNS).allSatisfy(r -> assertThat(r.state()).isEqualTo(RunState.SUCCEEDED));
        String s = schema + ".";
        assertThat(count("SELECT COUNT(*) FROM " + s + "tock_workflow_steps")).as("instances").isEqualTo(RUNS * (4 + 1 + ITEMS));
        assertThat(count("SELECT COUNT(*) FROM " + s + "tock_jobs")).as("one job per instance, none more").isEqualTo(RUNS * (4 + ITEMS));
        assertThat(count("SELECT COUNT(*) FROM " + s + "tock_workflow_steps WHERE job_id IS NULL AND item_key = '' AND step <> 'fan'"))
                .as("steps without a job").isZero();
        assertThat(count("SELECT COUNT(*) FROM " + s + "tock_jobs WHERE state <> 'succeeded'")).isZero();
        String starts = "(SELECT j.id, LEAST(j.success_started_at, (SELECT MIN(a.started_at) FROM " + s + "tock_attempts a"
                + " WHERE a.job_id = j.id)) AS first_start, j.success_ended_at AS ended FROM " + s + "tock_jobs j)";
        long early = count("SELECT COUNT(*) FROM " + s + "tock_workflow_steps x JOIN " + starts + " jx ON jx.id = x.job_id"
                + " JOIN (VALUES ('fan', 's0'), ('s2', 'fan'), ('s3', 's2'), ('s4', 's3')) AS need(step, needs) ON need.step = x.step"
                + " JOIN " + s + "tock_workflow_steps n ON n.run_id = x.run_id AND n.step = need.needs"
                + " JOIN " + starts + " jn ON jn.id = n.job_id WHERE jx.first_start < jn.ended");
        assertThat(early).as("steps started before a step they need had ended").isZero();
        long reaped = count("SELECT COUNT(*) FROM " + s + "tock_attempts WHERE outcome = 'lease_expired'");
        System.out.printf("PostgresWorkflowCrashTest: %d runs succeeded; %d step attempts were taken from the killed engine%n", RUNS, reaped);
        assertThat(reaped).as("the kills hit running steps").isPositive();
    }

    private long succeededRuns() {
        return count("SELECT COUNT(*) FROM " + schema + ".tock_workflow_runs WHERE state = 'succeeded'");
    }

    /** For each run not succeeded, what each of its unfinished instances and its job are doing. */
    private String unfinished() {
        String s = schema + ".";
        return PgProbe.rows("SELECT r.id, r.state,"
                + " x.step, x.item_key, x.state, x.job_id, j.state, j.attempts, j.lease_owner, j.run_at, j.last_error FROM "
                + s + "tock_workflow_runs r LEFT JOIN " + s + "tock_workflow_steps x ON x.run_id = r.id AND x.state NOT IN"
                + " ('succeeded', 'skipped') LEFT JOIN " + s + "tock_jobs j ON j.id = x.job_id WHERE r.state <> 'succeeded'"
                + " ORDER BY r.id, x.step, x.item_key", 60);
    }

    private static long count(String sql) {
        return PgProbe.count(sql, null);
    }
}
