package dev.tock.store.jdbc;

import static dev.tock.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.config.TockConfig;
import java.util.Set;
import java.util.Optional;
import java.util.List;
import java.time.Instant;
import dev.tock.workflow.StepLabels;
import dev.tock.workflow.RunLimits;
import dev.tock.store.LeaseRequest;
import dev.tock.store.HeldLeaseStore;
import dev.tock.store.FinishedAttempt;
import dev.tock.model.LeasedJob;
import dev.tock.model.AttemptOutcome;
import dev.tock.engine.Tock;
import dev.tock.engine.WorkflowCompatibilitySuite;
import dev.tock.model.Job;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.model.NewJob;
import dev.tock.store.Store;
import dev.tock.workflow.RunState;
import dev.tock.workflow.WorkflowJson;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PostgresWorkflowTest extends WorkflowCompatibilitySuite {
    private final String schema = TestDatabases.recycledSchema();

    @Override
    protected Store newStore() {
        return JdbcStore.open(TestDatabases.postgres(schema));
    }

    @Override
    protected void dropStore() {
        TestDatabases.giveBack(schema);
    }

    /**
     * The test, on PostgreSQL only (it lasts 30 s): a schedule naming a workflow ({@code spec.workflow}) fires
     * every second for 30 s with overlap forbid; runs never overlap and every nominal time is recorded.
     */
    @Test
    void aScheduleNamingAWorkflowStartsRunsEverySecondFor30sWithoutOverlap() {
        aScheduleStartsAWorkflowEverySecondWithForbid(Duration.ofSeconds(30), true);
    }

    /**
     * A step's completion that waits for its run's lock (another node planning the same run) holds the step job's row
     * meanwhile. The node's heartbeat must not wait for that row too: it would hold back the leases of all the node's
     * other jobs, which then expire and run again (what made runs of PostgresWorkflowCrashTest die of lost leases).
     */
    @Test
    void aCompletionWaitingForItsRunsLockDoesNotHoldBackTheNodesHeartbeats() throws Exception {
        Duration lease = Duration.ofSeconds(2);
        TockConfig config = TockConfig.builder().nodeId("wf-heartbeat").workerThreads(4).leaseDuration(lease)
                .heartbeatInterval(Duration.ofMillis(250)).reaperInterval(Duration.ofMillis(200)).pollInterval(Duration.ofMillis(100))
                .build();
        // The step ends only once this test holds its run's lock: a step that ended first would never wait for it.
        CountDownLatch locked = new CountDownLatch(1);
        try (Tock tock = Tock.builder().config(config).store(store)
                .handler("wf.quick", ctx -> locked.await(30, TimeUnit.SECONDS))
                .handler("wf.slow", ctx -> Thread.sleep(lease.multipliedBy(3).toMillis())).build().start()) {
            JobId slow = tock.jobs().enqueue(NewJob.builder("wf.slow").build()).id();
            await(Duration.ofSeconds(30), "the slow job to run", () -> tock.jobs().get(slow).state() == JobState.RUNNING);
            tock.workflows().save(WorkflowJson.read("default", "one", "{\"steps\": [{\"name\": \"a\", \"type\": \"wf.quick\"}]}"));
            String run;
            try (Connection c = DriverManager.getConnection(TestDatabases.POSTGRES_URL)) {
                c.setAutoCommit(false);
                // The run is made, then locked here before its step's job can finish: its completion waits for this lock.
                run = tock.workflows().start("default", "one", "{}").id();
                try (PreparedStatement lock = c.prepareStatement("SELECT id FROM " + schema + ".tock_workflow_runs WHERE id = ? FOR UPDATE")) {
                    lock.setString(1, run);
                    lock.executeQuery().close();
                }
                locked.countDown();
                long pid;
                try (var rs = c.createStatement().executeQuery("SELECT pg_backend_pid()")) {
                    rs.next();
                    pid = rs.getLong(1);
                }
                await(Duration.ofSeconds(30), "the step's completion to wait for the run's lock", () -> PgProbe.count(
                        "SELECT COUNT(*) FROM pg_stat_activity WHERE " + pid + " = ANY(pg_blocking_pids(pid))", null) > 0);
                Thread.sleep(lease.multipliedBy(2).toMillis()); // longer than a lease: the slow job's lives on its heartbeats
                c.rollback();
            }
            await(Duration.ofSeconds(60), "the run to end", () -> tock.workflows().run("default", run).orElseThrow().state(),
                    s -> s != RunState.RUNNING);
            Job done = await(Duration.ofSeconds(60), "the slow job to end", () -> tock.jobs().get(slow), j -> j.state().isFinal());
            assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(done.attempts()).as("attempts of the slow job (a lost lease makes a second)").isEqualTo(1);
            assertThat(tock.workflows().run("default", run).orElseThrow().state()).isEqualTo(RunState.SUCCEEDED);
        }
    }

    /**
     * The transaction that records a step's end makes the next step's job and leases it to the node that recorded the
     * end, started: exactly once, and only a job the node runs, in no limited queue.
     */
    @Test
    void finishingAStepLeasesTheNextStepToTheNodeThatFinishedIt() {
        store.workflows().save(WorkflowJson.read("default", "pair", "{\"steps\": [{\"name\": \"a\", \"type\": \"wf.a\"},"
                + " {\"name\": \"b\", \"type\": \"wf.b\", \"needs\": [\"a\"]}, {\"name\": \"c\", \"type\": \"wf.c\", \"needs\": [\"a\"]}]}"));
        String run = store.workflows().start(store.workflows().find("default", "pair").orElseThrow().workflow(), "{}",
                new RunLimits(100, 65_536)).id();
        LeasedJob a = store.leases().lease(new LeaseRequest("node-a", Set.of("wf.a"), 10, Duration.ofMinutes(1))).getFirst();
        FinishedAttempt done = new FinishedAttempt(a.lease(), a.job().attempts(), "node-a", Instant.now(), Instant.now(),
                AttemptOutcome.SUCCEEDED, JobState.SUCCEEDED, Duration.ZERO, Optional.empty(), Optional.empty(), true, Optional.empty());

        HeldLeaseStore.Finished finished = store.heldLeases().finishAndLease(List.of(done),
                new LeaseRequest("node-a", Set.of("wf.a", "wf.b"), 10, Duration.ofMinutes(1)));

        assertThat(finished.refused()).isEmpty();
        assertThat(finished.leased()).singleElement().satisfies(l -> {
            assertThat(l.job().type()).isEqualTo("wf.b");
            assertThat(l.job().state()).isEqualTo(JobState.RUNNING);
            assertThat(l.job().labels()).containsEntry(StepLabels.RUN, run);
        });
        assertThat(store.leases().lease(new LeaseRequest("node-b", Set.of("wf.b"), 10, Duration.ofMinutes(1))))
                .as("the next step's job, leased already").isEmpty();
        assertThat(store.leases().lease(new LeaseRequest("node-b", Set.of("wf.c"), 10, Duration.ofMinutes(1))))
                .as("the step whose type the finishing node does not run").hasSize(1);
    }
}
