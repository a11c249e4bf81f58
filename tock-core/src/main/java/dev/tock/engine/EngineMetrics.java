package dev.tock.engine;

import dev.tock.model.AttemptOutcome;
import dev.tock.model.Enqueued;
import dev.tock.model.Job;
import dev.tock.model.JobState;
import dev.tock.model.NewJob;
import dev.tock.schedule.ScheduleFire;
import dev.tock.store.FinishedAttempt;
import dev.tock.store.RunListener;
import dev.tock.workflow.RunState;
import dev.tock.workflow.StepLabels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's meters, registered in the {@link MeterRegistry} given to {@link Tock.Builder#meterRegistry}
 * (none by default). Tags stay few and bounded — outcome, state, namespace, queue — never job ids or
 * types, which callers choose freely.
 */
final class EngineMetrics implements RunListener {
    /**
     * The tag of a Tock namespace. Not {@code namespace}: Prometheus gives that label to the scrape
     * target's Kubernetes namespace and would rename Tock's to {@code exported_namespace}.
     */
    static final String TOCK_NAMESPACE = "tock_namespace";
    private final MeterRegistry registry;
    private final Counter leasesAcquired;
    private final Counter leasesExpired;
    private final Timer startLateness;
    private final Timer duration;
    private final Timer handoff;
    /** Completion counters by outcome and next state, looked up once: a registry lookup per job costs on the hot path. */
    private final Map<Integer, Counter> completed = new ConcurrentHashMap<>();

    EngineMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.leasesAcquired = Counter.builder("tock.leases.acquired").description("Jobs leased by this node")
                .register(registry);
        this.leasesExpired = Counter.builder("tock.leases.expired")
                .description("Leases this node's reaper took back because their holder stopped heartbeating").register(registry);
        this.startLateness = Timer.builder("tock.job.start.lateness")
                .description("How long after its due time a job's handler started (store clock to node clock)")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry);
        this.duration = Timer.builder("tock.job.duration").description("How long job handlers ran, per attempt")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
        this.handoff = Timer.builder("tock.workflow.step.handoff")
                .description("A workflow step's handler start minus the end of the step whose end made it ready")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry);
    }

    /** Counts the jobs that were stored, not those an idempotency key found already there. */
    /** Counts the jobs created, one counter look-up per namespace and queue of the batch rather than per job. */
    void enqueued(List<NewJob> jobs, List<Enqueued> results) {
        Map<List<String>, Integer> created = new HashMap<>();
        for (int i = 0; i < jobs.size(); i++) {
            if (results.get(i).created()) {
                NewJob job = jobs.get(i);
                created.merge(List.of(job.namespace(), job.queue()), 1, Integer::sum);
            }
        }
        created.forEach((queue, count) -> registry.counter("tock.jobs.enqueued", TOCK_NAMESPACE, queue.get(0), "queue", queue.get(1))
                .increment(count));
    }

    void leased(int jobs) {
        leasesAcquired.increment(jobs);
    }

    void expired(int leases) {
        leasesExpired.increment(leases);
    }

    void started(Job job, Instant started) {
        Duration late = Duration.between(job.runAt(), started);
        startLateness.record(late.isNegative() ? Duration.ZERO : late);
        if (StepLabels.isStep(job)) {
            StepLabels.readyAfter(job).ifPresent(after -> {
                Duration d = Duration.between(after, started);
                handoff.record(d.isNegative() ? Duration.ZERO : d); // another node's clock may be a little ahead
            });
        }
    }

    @Override
    public void started(String namespace, String workflow) {
        registry.counter("tock.workflow.runs.started", TOCK_NAMESPACE, namespace, "workflow", workflow).increment();
    }

    @Override
    public void ended(String namespace, String workflow, RunState outcome) {
        registry.counter("tock.workflow.runs.finished", TOCK_NAMESPACE, namespace, "workflow", workflow, "outcome", outcome.wireName())
                .increment();
    }

    void finished(FinishedAttempt attempt) {
        duration.record(Duration.between(attempt.startedAt(), attempt.endedAt()));
        completedCounter(attempt.outcome(), attempt.nextState()).increment();
    }

    private Counter completedCounter(AttemptOutcome outcome, JobState state) {
        return completed.computeIfAbsent(outcome.ordinal() * 32 + state.ordinal(), key ->
                registry.counter("tock.jobs.completed", "outcome", outcome.wireName(), "state", state.wireName()));
    }

    void fired(List<ScheduleFire> fires) {
        for (ScheduleFire fire : fires) {
            registry.counter("tock.schedule.fires", "outcome", fire.outcome().wireName()).increment();
        }
    }
}
