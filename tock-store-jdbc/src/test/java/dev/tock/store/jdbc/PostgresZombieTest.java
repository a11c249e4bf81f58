package dev.tock.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.tock.config.TockConfig;
import dev.tock.engine.Tock;
import dev.tock.model.Attempt;
import dev.tock.model.AttemptOutcome;
import dev.tock.model.Job;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.model.NewJob;
import dev.tock.testing.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A node is paused (SIGSTOP) while it runs a job, past its lease; another node reaps and re-runs the
 * job. Resumed, the paused node finishes its handler, and nothing it writes may change the job.
 */
class PostgresZombieTest extends ChildProcessTest {
    private static final long WORK_MS = 4_000;

    private final String child = "zombie-" + schema;

    @Test
    void aPausedNodesLateCompletionIsRefused() throws Exception {
        JobId id = store.jobs().enqueue(List.of(NewJob.of(ChildWorker.TYPE, "{}"))).get(0).id();
        try (ChildJvm zombie = new ChildJvm(TestDatabases.POSTGRES_URL, schema, child, "1000", "300", Long.toString(WORK_MS))) {
            zombie.awaitLine(Duration.ofSeconds(30), "STARTED " + id);
            long handlerStartedBy = System.nanoTime();
            assertThat(store.jobs().find(id).orElseThrow().leaseOwner()).as("lease owner" + zombie.output()).contains(child);
            assertThat(PgProbe.connections(child, false)).as("connections named after the child").isPositive();
            pauseOutsideTransactions(zombie);

            AtomicInteger parentRuns = new AtomicInteger();
            parent = Tock.builder().config(TockConfig.builder().nodeId("parent").workerThreads(2)
                            .leaseDuration(Duration.ofSeconds(1)).heartbeatInterval(Duration.ofMillis(300))
                            .reaperInterval(Duration.ofMillis(100)).pollInterval(Duration.ofMillis(100)).build())
                    .store(store).handler(ChildWorker.TYPE, ctx -> parentRuns.incrementAndGet()).build().start();
            zombie.await(Duration.ofSeconds(20), "the parent to reap and re-run the job",
                    () -> store.jobs().find(id).orElseThrow().state() == JobState.SUCCEEDED);
            Job done = store.jobs().find(id).orElseThrow();
            List<Attempt> attempts = store.jobs().attempts(id);
            assertThat(attempts).as("attempts after the re-run" + zombie.output()).extracting(Attempt::number, Attempt::outcome, Attempt::node).containsExactly(
                    tuple(1, AttemptOutcome.LEASE_EXPIRED, child), tuple(2, AttemptOutcome.SUCCEEDED, "parent"));

            // Resume only once the paused handler's sleep is over, so that its completion comes first.
            Eventually.sleep(Math.max(0, WORK_MS + 500 - (System.nanoTime() - handlerStartedBy) / 1_000_000));
            zombie.signal("CONT");
            zombie.await(Duration.ofSeconds(15), "the resumed handler to end",
                    () -> zombie.lines().stream().anyMatch(l -> l.startsWith("HANDLER_END " + id)));
            zombie.send("stop"); // stops its engine, which writes any pending completion, then tries a late one itself
            assertThat(zombie.awaitExit(Duration.ofSeconds(30))).as("child exit status" + zombie.output()).isZero();

            List<String> lines = zombie.lines();
            String path = lines.contains("FENCED " + id) ? "completion refused" : "heartbeat refused, handler interrupted";
            System.out.printf("PostgresZombieTest: resumed zombie was stopped by: %s%n", path);
            assertThat(lines).as("what the zombie was told" + zombie.output())
                    .containsAnyOf("FENCED " + id, "LEASE_LOST " + id)
                    .contains("STALE_FINISH " + id + " refused", "EXITED")
                    .noneMatch(l -> l.startsWith("APPLIED ") || l.endsWith(" applied"));
            assertThat(store.jobs().find(id)).as("job after the zombie resumed").contains(done);
            assertThat(store.jobs().attempts(id)).as("attempts after the zombie resumed").isEqualTo(attempts);
            assertThat(parentRuns).hasValue(1);
        }
    }

    /** SIGSTOPs the child when it has no transaction open: a paused transaction holds row locks the reaper skips. */
    private void pauseOutsideTransactions(ChildJvm zombie) {
        for (int i = 0; i < 50; i++) {
            zombie.signal("STOP");
            Eventually.sleep(50); // lets a statement sent just before the stop complete
            if (PgProbe.connections(child, true) == 0) {
                return;
            }
            zombie.signal("CONT");
            Eventually.sleep(i * 7 % 40);
        }
        throw new AssertionError("could not pause the child outside a transaction" + zombie.output());
    }
}
