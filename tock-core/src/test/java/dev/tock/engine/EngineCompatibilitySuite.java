package dev.tock.engine;

import static dev.tock.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tock.config.TockConfig;
import dev.tock.handler.JobHandler;
import dev.tock.handler.PermanentFailure;
import dev.tock.model.Attempt;
import dev.tock.model.AttemptOutcome;
import dev.tock.model.InvalidJobException;
import dev.tock.model.Job;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.model.NewJob;
import dev.tock.model.NodeRole;
import dev.tock.model.NodeStatus;
import dev.tock.model.Queue;
import dev.tock.model.RetryPolicy;
import dev.tock.store.Store;
import dev.tock.testing.Eventually;
import dev.tock.testing.StoreFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The engine's promises, run on every store. A store's test extends this and supplies a fresh store. */
public abstract class EngineCompatibilitySuite extends StoreFixture {
    protected static final Duration WAIT = Duration.ofSeconds(20);
    private static final RetryPolicy FAST_RETRY = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), 2.0, 0.0);

    private final List<Tock> nodes = new ArrayList<>();

    @Override
    protected void beforeStoreCloses() {
        nodes.forEach(n -> n.stop(Duration.ofSeconds(2)));
    }

    protected TockConfig.Builder config(String node) {
        return TockConfig.builder().nodeId(node).workerThreads(4).leaseDuration(Duration.ofSeconds(5))
                .heartbeatInterval(Duration.ofSeconds(1)).reaperInterval(Duration.ofMillis(200))
                .pollInterval(Duration.ofMillis(200));
    }

    protected Tock node(String name, Map<String, JobHandler> handlers) {
        return node(config(name).build(), handlers);
    }

    protected Tock node(TockConfig config, Map<String, JobHandler> handlers) {
        Tock.Builder b = Tock.builder().config(config).store(store);
        handlers.forEach(b::handler);
        Tock tock = b.build();
        nodes.add(tock);
        return tock.start();
    }

    private Job awaitState(Tock tock, JobId id, JobState state) {
        return await(WAIT, "job " + id + " to be " + state, () -> tock.jobs().get(id), j -> j.state() == state);
    }

    @Test
    void aBurstOfJobsDueAtOneInstantRunsAllAndNoneBeforeItsTime() {
        Map<JobId, Instant> started = new java.util.concurrent.ConcurrentHashMap<>();
        Tock tock = node("a", Map.of("burst", ctx -> started.put(ctx.job().id(), Instant.now())));
        Instant due = store.now().plusMillis(600);
        List<NewJob> burst = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            burst.add(NewJob.builder("burst").runAt(due).build());
        }
        tock.jobs().enqueueAll(burst);

        await(WAIT, "all 200 jobs to start", started::size, n -> n == 200);

        // Jobs are leased ahead of their time; holding them must not start one early.
        assertThat(started.values()).allSatisfy(t -> assertThat(t).isAfterOrEqualTo(due.minusMillis(1)));
    }

    /**
     * A node with 2 workers leases 10 jobs at once: 2 read running, the 8 it holds read leased; a held job
     * reads running once its handler has run for a moment.
     */
    @Test
    void jobsANodeHoldsBeyondItsWorkersReadLeasedAndRunningOnceStarted() {
        java.util.concurrent.Semaphore finish = new java.util.concurrent.Semaphore(0);
        Tock tock = node(config("a").workerThreads(2).build(), Map.of("slow", ctx -> finish.acquire()));
        List<NewJob> jobs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            jobs.add(NewJob.builder("slow").build());
        }
        tock.jobs().enqueueAll(jobs);

        await(WAIT, "2 running and 8 leased", () -> tock.jobs().countByState("default"),
                c -> c.get(JobState.RUNNING) == 2 && c.get(JobState.LEASED) == 8);
        Eventually.sleep(2 * StartRecorder.RECORD_AFTER.toMillis());
        assertThat(tock.jobs().countByState("default")).as("nothing more starts while both workers are busy")
                .containsEntry(JobState.RUNNING, 2L).containsEntry(JobState.LEASED, 8L);
        assertThat(tock.queues().stats("default")).singleElement().satisfies(q -> assertThat(q.count(JobState.LEASED)).isEqualTo(8));

        finish.release();
        await(WAIT, "a held job to read running once its handler started", () -> tock.jobs().countByState("default"),
                c -> c.get(JobState.SUCCEEDED) == 1 && c.get(JobState.RUNNING) == 2 && c.get(JobState.LEASED) == 7);
        finish.release(9);
        await(WAIT, "every job to finish", () -> tock.jobs().countByState("default"), c -> c.get(JobState.SUCCEEDED) == 10);
    }

    @Test
    void metersCountWhatTheEngineDid() {
        var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        Tock.Builder b = Tock.builder().config(config("metered").build()).store(store).meterRegistry(registry)
                .handler("ok", ctx -> { })
                .handler("bad", ctx -> { throw new PermanentFailure("no"); });
        Tock tock = b.build();
        nodes.add(tock);
        tock.start();
        JobId ok = tock.jobs().enqueue(NewJob.builder("ok").queue("q1").build()).id();
        JobId bad = tock.jobs().enqueue(NewJob.builder("bad").build()).id();
        tock.jobs().enqueue(NewJob.builder("ok").queue("q1").idempotencyKey("once").build());
        tock.jobs().enqueue(NewJob.builder("ok").queue("q1").idempotencyKey("once").build());
        // A batch counts the jobs it created per queue; these wait an hour, so nothing below sees them run.
        tock.jobs().enqueueAll(List.of(NewJob.builder("ok").queue("q1").idempotencyKey("once").build(),
                NewJob.builder("ok").queue("q3").delay(Duration.ofHours(1)).build(),
                NewJob.builder("ok").queue("q3").delay(Duration.ofHours(1)).build()));

        awaitState(tock, ok, JobState.SUCCEEDED);
        awaitState(tock, bad, JobState.DEAD);
        await(WAIT, "completions counted", () -> registry.find("tock.jobs.completed").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum(), n -> n >= 3);

        assertThat(registry.get("tock.jobs.enqueued").tags("tock_namespace", "default", "queue", "q1").counter().count()).isEqualTo(2.0);
        assertThat(registry.get("tock.jobs.enqueued").tags("tock_namespace", "default", "queue", "q3").counter().count()).isEqualTo(2.0);
        assertThat(registry.get("tock.jobs.completed").tags("outcome", "succeeded", "state", "succeeded").counter().count()).isEqualTo(2.0);
        assertThat(registry.get("tock.jobs.completed").tags("outcome", "failed", "state", "dead").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("tock.leases.acquired").counter().count()).isEqualTo(3.0);
        assertThat(registry.get("tock.job.start.lateness").timer().count()).isEqualTo(3L);
        assertThat(registry.get("tock.job.duration").timer().count()).isEqualTo(3L);
    }

    @Test
    void runsAJobAndRecordsItsAttempt() {
        Tock tock = node("a", Map.of("hello", ctx -> ctx.output("hi " + ctx.payloadAs(Map.class).get("name"))));
        JobId id = tock.jobs().enqueue(NewJob.builder("hello").payload("{\"name\":\"ada\"}").build()).id();

        awaitState(tock, id, JobState.SUCCEEDED);

        Attempt attempt = tock.jobs().attempts(id).get(0);
        assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.SUCCEEDED);
        assertThat(attempt.node()).isEqualTo("a");
        assertThat(attempt.output()).contains("hi ada");
        assertThat(attempt.endedAt()).isAfterOrEqualTo(attempt.startedAt());
    }

    @Test
    void retriesWithBackoffUntilItSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        Tock tock = node("a", Map.of("flaky", ctx -> {
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("not yet " + calls.get());
            }
        }));
        JobId id = tock.jobs().enqueue(NewJob.builder("flaky").retry(FAST_RETRY).build()).id();

        awaitState(tock, id, JobState.SUCCEEDED);

        assertThat(tock.jobs().attempts(id)).extracting(Attempt::outcome)
                .containsExactly(AttemptOutcome.FAILED, AttemptOutcome.FAILED, AttemptOutcome.SUCCEEDED);
        assertThat(tock.jobs().attempts(id).get(0).error()).hasValueSatisfying(e -> assertThat(e).contains("not yet 1"));
        Attempt first = tock.jobs().attempts(id).get(0);
        Attempt second = tock.jobs().attempts(id).get(1);
        assertThat(Duration.between(first.endedAt(), second.startedAt())).isGreaterThanOrEqualTo(Duration.ofMillis(5));
    }

    @Test
    void aJobThatAlwaysFailsEndsDeadAfterItsLastAttempt() {
        Tock tock = node("a", Map.of("broken", ctx -> {
            throw new IllegalArgumentException("always");
        }));
        JobId id = tock.jobs().enqueue(NewJob.builder("broken").retry(FAST_RETRY).build()).id();

        Job dead = awaitState(tock, id, JobState.DEAD);

        assertThat(dead.attempts()).isEqualTo(3);
        assertThat(dead.lastError()).hasValueSatisfying(e -> assertThat(e).contains("always"));
        assertThat(tock.jobs().attempts(id)).hasSize(3).allMatch(a -> a.outcome() == AttemptOutcome.FAILED);
    }

    @Test
    void aPermanentFailureSkipsTheRemainingAttempts() {
        Tock tock = node("a", Map.of("refuse", ctx -> {
            throw new PermanentFailure("bad input");
        }));
        JobId id = tock.jobs().enqueue(NewJob.builder("refuse").retry(FAST_RETRY).build()).id();
        assertThat(awaitState(tock, id, JobState.DEAD).attempts()).isEqualTo(1);
    }

    @Test
    void aTimeoutInterruptsTheHandlerAndCountsAsAFailedAttempt() {
        Tock tock = node("a", Map.of("sleepy", ctx -> Thread.sleep(60_000)));
        JobId id = tock.jobs().enqueue(NewJob.builder("sleepy").timeout(Duration.ofMillis(200))
                .retry(FAST_RETRY.withMaxAttempts(2)).build()).id();

        awaitState(tock, id, JobState.DEAD);

        assertThat(tock.jobs().attempts(id)).hasSize(2).allSatisfy(a -> {
            assertThat(a.outcome()).isEqualTo(AttemptOutcome.TIMED_OUT);
            assertThat(a.error()).contains("timed out after 200ms");
            assertThat(Duration.between(a.startedAt(), a.endedAt())).isLessThan(Duration.ofSeconds(10));
        });
    }

    @Test
    void cancellingARunningJobInterruptsItsHandler() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Tock tock = node("a", Map.of("long", ctx -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
        }));
        JobId id = tock.jobs().enqueue(NewJob.of("long", "{}")).id();
        assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();

        assertThat(tock.jobs().cancel(id).cancelled()).isTrue();

        assertThat(interrupted.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(tock.jobs().get(id).state()).isEqualTo(JobState.CANCELLED);
        assertThat(tock.jobs().attempts(id)).extracting(Attempt::outcome).containsExactly(AttemptOutcome.CANCELLED);
    }

    @Test
    void aCancelledPendingJobNeverRuns() {
        AtomicInteger runs = new AtomicInteger();
        Tock tock = node("a", Map.of("count", ctx -> runs.incrementAndGet()));
        JobId id = tock.jobs().enqueue(NewJob.builder("count").delay(Duration.ofMillis(500)).build()).id();
        tock.jobs().cancel(id);
        JobId marker = tock.jobs().enqueue(NewJob.builder("count").delay(Duration.ofMillis(700)).build()).id();
        awaitState(tock, marker, JobState.SUCCEEDED);
        assertThat(runs).hasValue(1);
        assertThat(tock.jobs().get(id).state()).isEqualTo(JobState.CANCELLED);
    }

    @Test
    void aDelayedJobDoesNotStartEarly() {
        Map<JobId, Instant> startedAt = new ConcurrentHashMap<>();
        Tock tock = node("a", Map.of("later", ctx -> startedAt.put(ctx.job().id(), Instant.now())));
        JobId id = tock.jobs().enqueue(NewJob.builder("later").delay(Duration.ofMillis(400)).build()).id();
        Job job = awaitState(tock, id, JobState.SUCCEEDED);
        assertThat(startedAt.get(id)).isAfterOrEqualTo(job.runAt().minusMillis(50));
    }

    @Test
    void higherPriorityRunsFirst() {
        List<Integer> order = java.util.Collections.synchronizedList(new ArrayList<>());
        List<NewJob> jobs = new ArrayList<>();
        for (int p : new int[] {1, 5, 3, 9, 7}) {
            jobs.add(NewJob.builder("ordered").priority(p).payload("{\"p\":" + p + "}").build());
        }
        Tock tock = node(config("a").workerThreads(1).leaseBatchSize(1).build(), Map.of("ordered",
                ctx -> order.add(((Number) ctx.payloadAs(Map.class).get("p")).intValue())));
        tock.queues().save(Queue.of("default", "default").withPaused(true));
        tock.jobs().enqueueAll(jobs);
        tock.queues().resume("default", "default");
        await(WAIT, "all five to run", () -> order.size() == 5);
        assertThat(order).containsExactly(9, 7, 5, 3, 1);
    }

    @Test
    void aPausedQueueHoldsItsJobsUntilResumed() {
        AtomicInteger runs = new AtomicInteger();
        Tock tock = node("a", Map.of("count", ctx -> runs.incrementAndGet()));
        tock.queues().pause("default", "held");
        JobId id = tock.jobs().enqueue(NewJob.builder("count").queue("held").build()).id();
        JobId other = tock.jobs().enqueue(NewJob.builder("count").queue("open").build()).id();
        awaitState(tock, other, JobState.SUCCEEDED);
        assertThat(tock.jobs().get(id).state()).isEqualTo(JobState.READY);

        tock.queues().resume("default", "held");
        awaitState(tock, id, JobState.SUCCEEDED);
    }

    @Test
    void aQueueLimitCapsConcurrencyAcrossNodes() {
        AtomicInteger now = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        JobHandler handler = ctx -> {
            peak.accumulateAndGet(now.incrementAndGet(), Math::max);
            Thread.sleep(30);
            now.decrementAndGet();
        };
        Tock a = node("a", Map.of("limited", handler));
        node("b", Map.of("limited", handler));
        a.queues().save(Queue.of("default", "narrow").withMaxRunning(2));
        List<NewJob> jobs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            jobs.add(NewJob.builder("limited").queue("narrow").build());
        }
        a.jobs().enqueueAll(jobs);
        await(WAIT, "30 jobs to succeed", () -> a.jobs().countByState("default").get(JobState.SUCCEEDED) == 30);
        assertThat(peak.get()).isBetween(1, 2);
    }

    @Test
    void heartbeatsKeepALongJobLeasedFarBeyondItsLeaseDuration() {
        // The job runs four leases long; a heartbeat every 300 ms leaves a loaded CI machine 1.7 s of stall.
        TockConfig cfg = config("a").leaseDuration(Duration.ofMillis(2_000)).heartbeatInterval(Duration.ofMillis(300))
                .reaperInterval(Duration.ofMillis(50)).build();
        Tock tock = node(cfg, Map.of("slow", ctx -> Thread.sleep(8_000)));
        JobId id = tock.jobs().enqueue(NewJob.of("slow", "{}")).id();
        Job done = awaitState(tock, id, JobState.SUCCEEDED);
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(tock.jobs().attempts(id)).extracting(Attempt::outcome).containsExactly(AttemptOutcome.SUCCEEDED);
    }

    @Test
    void anAbandonedLeaseIsReapedAndTheJobRunsAgain() {
        // A node leased the job and vanished without a heartbeat.
        JobId id = store.jobs().enqueue(List.of(NewJob.of("work", "{}"))).get(0).id();
        store.leases().lease(new dev.tock.store.LeaseRequest("vanished", java.util.Set.of("work"), 1, Duration.ofMillis(100)));
        Tock rescuer = node(config("b").reaperInterval(Duration.ofMillis(50)).build(), Map.of("work", ctx -> { }));

        awaitState(rescuer, id, JobState.SUCCEEDED);
        assertThat(rescuer.jobs().attempts(id)).extracting(Attempt::outcome, Attempt::node).containsExactly(
                org.assertj.core.groups.Tuple.tuple(AttemptOutcome.LEASE_EXPIRED, "vanished"),
                org.assertj.core.groups.Tuple.tuple(AttemptOutcome.SUCCEEDED, "b"));
    }

    @Test
    void stopLetsRunningJobsFinishWithinTheGrace() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Tock tock = node("a", Map.of("short", ctx -> {
            started.countDown();
            Thread.sleep(300);
        }));
        JobId id = tock.jobs().enqueue(NewJob.of("short", "{}")).id();
        assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
        tock.stop(Duration.ofSeconds(10));
        assertThat(store.jobs().find(id).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void stopReleasesJobsThatOutliveTheGrace() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Tock tock = node("a", Map.of("endless", ctx -> {
            started.countDown();
            Thread.sleep(60_000);
        }));
        JobId id = tock.jobs().enqueue(NewJob.of("endless", "{}")).id();
        assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
        tock.stop(Duration.ofMillis(200));
        Job released = store.jobs().find(id).orElseThrow();
        assertThat(released.state()).isEqualTo(JobState.READY);
        assertThat(released.attempts()).isZero();
        assertThat(store.jobs().attempts(id)).isEmpty();
    }

    @Test
    void manyJobsEachRunExactlyOnce() {
        Map<JobId, AtomicInteger> runs = new ConcurrentHashMap<>();
        JobHandler handler = ctx -> runs.computeIfAbsent(ctx.job().id(), k -> new AtomicInteger()).incrementAndGet();
        Tock a = node("a", Map.of("count", handler));
        node("b", Map.of("count", handler));
        List<NewJob> jobs = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            jobs.add(NewJob.of("count", "{}"));
        }
        a.jobs().enqueueAll(jobs);
        await(WAIT, "2000 jobs to succeed", () -> a.jobs().countByState("default").get(JobState.SUCCEEDED) == 2000);
        assertThat(runs).hasSize(2000);
        assertThat(runs.values()).allMatch(n -> n.get() == 1);
    }

    @Test
    void badInputIsRefusedWithAClearErrorAndNothingIsStored() {
        Tock tock = node(config("a").maxPayloadBytes(1024).build(), Map.of("known", ctx -> { }));
        assertRefused(tock, NewJob.of("unknown", "{}"), "type");
        assertRefused(tock, NewJob.of("known", "{\"big\":\"" + "x".repeat(2000) + "\"}"), "payload");
        assertRefused(tock, NewJob.of("known", "{not json"), "payload");
        assertRefused(tock, NewJob.of("known", "{} {}"), "payload");
        assertRefused(tock, NewJob.of("known", ""), "payload");
        assertRefused(tock, NewJob.of("known", "[".repeat(500) + "]".repeat(500)), "payload");
        assertThatThrownBy(() -> NewJob.builder("known").delay(Duration.ofSeconds(-1)).build())
                .isInstanceOf(InvalidJobException.class).extracting("field").isEqualTo("delay");
        assertThatThrownBy(() -> NewJob.builder("known").retry(new RetryPolicy(0, Duration.ZERO, Duration.ZERO, 2, 0)).build())
                .isInstanceOf(InvalidJobException.class).extracting("field").isEqualTo("retry.maxAttempts");
        assertThatThrownBy(() -> NewJob.builder("known").namespace("Not Valid").build())
                .isInstanceOf(InvalidJobException.class).extracting("field").isEqualTo("namespace");
        // One bad job in a batch stores none of it.
        assertThatThrownBy(() -> tock.jobs().enqueueAll(List.of(NewJob.of("known", "{}"), NewJob.of("known", "nope"))))
                .isInstanceOf(InvalidJobException.class);
        assertThat(tock.jobs().countByState("default").values()).allMatch(n -> n == 0);
    }

    @Test
    void aRetriedDeadJobRunsAtOnceWithAFreshAttemptBudget() {
        AtomicInteger calls = new AtomicInteger();
        // A poll interval far beyond the wait: the job can only run in time if the retry wakes the dispatcher.
        Tock tock = node(config("a").pollInterval(Duration.ofMinutes(5)).build(), Map.of("flaky", ctx -> {
            if (calls.incrementAndGet() < 4) {
                throw new IllegalStateException("not yet " + calls.get());
            }
        }));
        JobId id = tock.jobs().enqueue(NewJob.builder("flaky").retry(FAST_RETRY.withMaxAttempts(2)).build()).id();
        awaitState(tock, id, JobState.DEAD);

        Job retried = tock.jobs().retry(id);

        assertThat(retried.state()).isEqualTo(JobState.READY);
        Job done = awaitState(tock, id, JobState.SUCCEEDED);
        assertThat(done.attempts()).isEqualTo(4);
        assertThat(tock.jobs().attempts(id)).extracting(Attempt::number, Attempt::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, AttemptOutcome.FAILED), org.assertj.core.groups.Tuple.tuple(2, AttemptOutcome.FAILED),
                org.assertj.core.groups.Tuple.tuple(3, AttemptOutcome.FAILED), org.assertj.core.groups.Tuple.tuple(4, AttemptOutcome.SUCCEEDED));
    }

    @Test
    void disruptedAttemptsAreRetriedWithoutCountingAgainstTheRetryPolicy() {
        AtomicInteger calls = new AtomicInteger();
        // One attempt allowed; two disruptions, then a real failure, which is the one that counts.
        Tock tock = node("a", Map.of("evicted", ctx -> {
            if (calls.incrementAndGet() <= 2) {
                throw dev.tock.handler.AttemptFailure.disrupted("pod evicted " + calls.get());
            }
            throw new IllegalStateException("broken");
        }));
        JobId id = tock.jobs().enqueue(NewJob.builder("evicted").retry(FAST_RETRY.withMaxAttempts(1)).build()).id();

        Job dead = awaitState(tock, id, JobState.DEAD);

        assertThat(dead.attempts()).isEqualTo(3);
        assertThat(dead.attemptsSinceRetry()).isEqualTo(1);
        assertThat(tock.jobs().attempts(id)).extracting(Attempt::number, Attempt::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, AttemptOutcome.DISRUPTED), org.assertj.core.groups.Tuple.tuple(2, AttemptOutcome.DISRUPTED),
                org.assertj.core.groups.Tuple.tuple(3, AttemptOutcome.FAILED));
    }

    @Test
    void retryRefusesJobsThatHaveNotEndedAndUnknownIds() {
        Tock tock = node("a", Map.of("count", ctx -> { }));
        JobId later = tock.jobs().enqueue(NewJob.builder("count").delay(Duration.ofHours(1)).build()).id();
        assertThatThrownBy(() -> tock.jobs().retry(later)).isInstanceOf(dev.tock.model.JobStateConflictException.class)
                .extracting("current").isEqualTo(JobState.SCHEDULED);
        JobId done = tock.jobs().enqueue(NewJob.of("count", "{}")).id();
        awaitState(tock, done, JobState.SUCCEEDED);
        assertThatThrownBy(() -> tock.jobs().retry(done)).isInstanceOf(dev.tock.model.JobStateConflictException.class)
                .extracting("current").isEqualTo(JobState.SUCCEEDED);
        assertThatThrownBy(() -> tock.jobs().retry(JobId.generate())).isInstanceOf(dev.tock.model.JobNotFoundException.class);
    }

    @Test
    void aStartedNodeIsRegisteredKeptFreshByHeartbeatsAndRemovedWhenItStops() {
        Tock tock = node("a", Map.of("count", ctx -> { }));
        NodeStatus registered = await(WAIT, "node a to register", () -> tock.cluster().nodes(), n -> !n.isEmpty()).get(0);
        assertThat(registered.node()).isEqualTo(tock.cluster().self());
        assertThat(registered.node().id()).isEqualTo("a");
        assertThat(registered.node().version()).isEqualTo(dev.tock.TockVersion.current());
        assertThat(registered.node().roles()).containsExactlyInAnyOrder(NodeRole.API, NodeRole.SCHEDULER, NodeRole.WORKER);

        // The suite's heartbeat interval is 1 s.
        await(WAIT, "a heartbeat to refresh node a", () -> tock.cluster().nodes().get(0).lastSeen(), seen -> seen.isAfter(registered.lastSeen()));

        tock.stop(Duration.ofSeconds(2));
        assertThat(store.cluster().nodes()).isEmpty();
    }

    @Test
    void aNodeWithoutTheWorkerRoleNeitherRunsJobsNorReapsLeases() {
        AtomicInteger runs = new AtomicInteger();
        // Without the worker role: a handler, fast polls and a fast reaper, none of which may act.
        Tock api = node(config("api").roles(NodeRole.API, NodeRole.SCHEDULER).reaperInterval(Duration.ofMillis(50)).build(),
                Map.of("count", ctx -> runs.incrementAndGet()));
        JobId abandoned = api.jobs().enqueue(NewJob.of("count", "{}")).id();
        store.leases().lease(new dev.tock.store.LeaseRequest("vanished", java.util.Set.of("count"), 1, Duration.ofMillis(100)));
        JobId waiting = api.jobs().enqueue(NewJob.of("count", "{}")).id();
        // A worker for another type only, whose own reaper does not run within the test, marks time.
        Tock marker = node(config("marker").roles(NodeRole.WORKER).reaperInterval(Duration.ofHours(1)).build(),
                Map.of("marker", ctx -> { }));
        JobId mark = marker.jobs().enqueue(NewJob.builder("marker").delay(Duration.ofSeconds(1)).build()).id();

        awaitState(marker, mark, JobState.SUCCEEDED);

        assertThat(runs).hasValue(0);
        assertThat(api.jobs().get(waiting).state()).isEqualTo(JobState.READY);
        assertThat(api.jobs().get(abandoned).state()).isEqualTo(JobState.RUNNING);
        assertThat(api.cluster().self().roles()).containsExactlyInAnyOrder(NodeRole.API, NodeRole.SCHEDULER);
    }

    @Test
    void onlyNodesWithTheSchedulerRoleFireSchedules() {
        AtomicInteger ticks = new AtomicInteger();
        Tock worker = node(config("worker").roles(NodeRole.WORKER).build(),
                Map.of("tick", ctx -> ticks.incrementAndGet(), "marker", ctx -> { }));
        worker.schedules().save(dev.tock.schedule.Schedule.of("default", "every-second", "* * * * * *", dev.tock.model.JobTemplate.of("tick")));
        JobId mark = worker.jobs().enqueue(NewJob.builder("marker").delay(Duration.ofMillis(2500)).build()).id();

        awaitState(worker, mark, JobState.SUCCEEDED);
        assertThat(worker.schedules().runs("default", "every-second", 10)).isEmpty();
        assertThat(ticks).hasValue(0);

        // A scheduler-only node fires; the worker runs what it fires.
        node(config("scheduler").roles(NodeRole.SCHEDULER).build(), Map.of());
        await(WAIT, "the scheduler node to fire and the worker to run a tick", () -> ticks.get() > 0);
        assertThat(worker.schedules().runs("default", "every-second", 10)).isNotEmpty()
                .allSatisfy(f -> assertThat(f.node()).isEqualTo("scheduler"));
    }

    private static void assertRefused(Tock tock, NewJob job, String field) {
        assertThatThrownBy(() -> tock.jobs().enqueue(job)).isInstanceOf(InvalidJobException.class)
                .extracting("field").isEqualTo(field);
    }
}
