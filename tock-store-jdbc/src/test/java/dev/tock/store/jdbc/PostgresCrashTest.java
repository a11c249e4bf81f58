package dev.tock.store.jdbc;

import static dev.tock.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.tock.config.TockConfig;
import dev.tock.engine.Tock;
import dev.tock.model.Attempt;
import dev.tock.model.AttemptOutcome;
import dev.tock.model.Enqueued;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.model.NewJob;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A node's JVM is SIGKILLed mid-run: its leases expire, other nodes reap them, and no job is lost. */
class PostgresCrashTest extends ChildProcessTest {
    private static final int JOBS = 200;
    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration HEARTBEAT = Duration.ofMillis(500);
    private static final Duration REAPER = Duration.ofMillis(200);
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final String child = "child-" + schema;

    @Test
    void jobsOfAKilledNodeAreReapedAndRunElsewhere() throws Exception {
        List<JobId> ids = store.jobs().enqueue(Collections.nCopies(JOBS, NewJob.of(ChildWorker.TYPE, "{}")))
                .stream().map(Enqueued::id).toList();
        Set<JobId> held;
        Set<JobId> midHandler;
        Instant killedAt;
        String childOutput;
        try (ChildJvm worker = new ChildJvm(TestDatabases.POSTGRES_URL, schema, child,
                Long.toString(LEASE.toMillis()), Long.toString(HEARTBEAT.toMillis()), "300")) {
            worker.await(WAIT, "the child to finish some jobs and hold several", () ->
                    store.jobs().countByState("default").get(JobState.SUCCEEDED) >= 8
                            && PgProbe.runningOwnedBy(schema, child).size() >= 3);
            assertThat(PgProbe.connections(child, false)).as("connections named after the child").isPositive();
            killedAt = worker.kill();
            assertThat(worker.awaitExit(Duration.ofSeconds(1))).as("exit status after SIGKILL").isEqualTo(137);
            // A commit the child sent before dying is applied or rolled back once its backends are gone.
            worker.await(Duration.ofSeconds(10), "the child's connections to close",
                    () -> PgProbe.connections(child, false) == 0);
            held = PgProbe.runningOwnedBy(schema, child);
            List<String> lines = worker.lines();
            midHandler = held.stream().filter(id -> lines.contains("STARTED " + id)
                    && lines.stream().noneMatch(l -> l.startsWith("HANDLER_END " + id))).collect(Collectors.toSet());
            childOutput = worker.output();
        }
        assertThat(held).as("jobs the child held when killed" + childOutput).isNotEmpty();
        assertThat(midHandler).as("jobs killed inside their handler" + childOutput).isNotEmpty();

        Map<JobId, Instant> rerunAt = new ConcurrentHashMap<>();
        parent = Tock.builder().config(TockConfig.builder().nodeId("parent").workerThreads(8).leaseDuration(LEASE)
                        .heartbeatInterval(HEARTBEAT).reaperInterval(REAPER).pollInterval(Duration.ofMillis(100)).build())
                .store(store)
                .handler(ChildWorker.TYPE, ctx -> {
                    rerunAt.putIfAbsent(ctx.job().id(), Instant.now());
                    Thread.sleep(50);
                }).build().start();
        await(WAIT, "all " + JOBS + " jobs to succeed", () -> store.jobs().countByState("default"),
                counts -> counts.get(JobState.SUCCEEDED) + counts.get(JobState.DEAD) + counts.get(JobState.CANCELLED) == JOBS);

        Map<JobState, Long> expected = new EnumMap<>(JobState.class);
        for (JobState s : JobState.values()) {
            expected.put(s, s == JobState.SUCCEEDED ? (long) JOBS : 0L);
        }
        assertThat(store.jobs().countByState("default")).as("no job lost or stuck").isEqualTo(expected);
        for (JobId id : ids) {
            List<Attempt> attempts = store.jobs().attempts(id);
            if (held.contains(id)) {
                assertThat(attempts).as("attempts of held job " + id + childOutput)
                        .extracting(Attempt::number, Attempt::outcome, Attempt::node)
                        .containsExactly(tuple(1, AttemptOutcome.LEASE_EXPIRED, child), tuple(2, AttemptOutcome.SUCCEEDED, "parent"));
            } else {
                assertThat(attempts).as("attempts of job " + id + childOutput)
                        .extracting(Attempt::number, Attempt::outcome).containsExactly(tuple(1, AttemptOutcome.SUCCEEDED));
            }
        }

        Duration slowest = held.stream().map(id -> Duration.between(killedAt, rerunAt.get(id)))
                .max(Duration::compareTo).orElseThrow();
        Duration bound = LEASE.plus(REAPER).plus(Duration.ofSeconds(5));
        System.out.printf("PostgresCrashTest: child held %d jobs (%d inside their handler) when killed; "
                + "all re-run within %d ms of the kill (bound %d ms)%n",
                held.size(), midHandler.size(), slowest.toMillis(), bound.toMillis());
        assertThat(slowest).as("time from kill to the last held job's re-run").isLessThanOrEqualTo(bound);
    }
}
