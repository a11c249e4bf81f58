package dev.tock.engine;

import dev.tock.model.Attempt;
import dev.tock.model.CancelResult;
import dev.tock.model.Enqueued;
import dev.tock.model.Job;
import dev.tock.model.JobId;
import dev.tock.model.JobNotFoundException;
import dev.tock.model.JobPage;
import dev.tock.model.JobQuery;
import dev.tock.model.JobState;
import dev.tock.model.NewJob;
import dev.tock.model.RecentFailure;
import dev.tock.model.Throughput;
import dev.tock.service.Jobs;
import dev.tock.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Jobs} on this node: checks jobs before storing them and wakes the dispatchers after changes. */
final class JobService implements Jobs {
    private static final Logger log = LoggerFactory.getLogger(JobService.class);

    private final Store store;
    private final JobValidator validator;
    private final RunningJobs running;
    private final EngineMetrics metrics;
    private final Runnable wake;
    private final String nodeId;
    private final WaitExplainer explainer;
    private final Consumer<Job> starterCancelled;

    /** @param starterCancelled cancels the workflow run of a cancelled {@link WorkflowStarter} job, wherever it runs */
    JobService(Store store, JobValidator validator, RunningJobs running, EngineMetrics metrics, Runnable wake, String nodeId,
               Consumer<Job> starterCancelled) {
        this.store = store;
        this.starterCancelled = starterCancelled;
        this.validator = validator;
        this.running = running;
        this.metrics = metrics;
        this.wake = wake;
        this.nodeId = nodeId;
        this.explainer = new WaitExplainer(store);
    }

    @Override
    public Enqueued enqueue(NewJob job) {
        return enqueueAll(List.of(job)).get(0);
    }

    @Override
    public List<Enqueued> enqueueAll(List<NewJob> jobs) {
        jobs.forEach(validator::validate);
        List<Enqueued> result = store.jobs().enqueue(jobs);
        wake.run();
        metrics.enqueued(jobs, result);
        return result;
    }

    @Override
    public void validate(NewJob job) {
        validator.validate(job);
    }

    @Override
    public Optional<Job> find(JobId id) {
        return store.jobs().find(id);
    }

    @Override
    public Job get(JobId id) {
        return find(id).orElseThrow(() -> new JobNotFoundException(id));
    }

    @Override
    public Optional<dev.tock.model.Waiting> waiting(JobId id) {
        return explainer.explain(get(id));
    }

    @Override
    public List<Attempt> attempts(JobId id) {
        return store.jobs().attempts(id);
    }

    @Override
    public JobPage list(JobQuery query) {
        return store.jobs().list(query);
    }

    @Override
    public Job retry(JobId id) {
        Job job = store.jobs().retry(id);
        log.atInfo().addKeyValue("job", id).addKeyValue("node", nodeId)
                .log("job {} retried by hand after {} attempts", id, job.attemptsBeforeRetry());
        wake.run();
        return job;
    }

    @Override
    public Job runNow(JobId id) {
        Job job = store.jobs().runNow(id);
        log.atInfo().addKeyValue("job", id).addKeyValue("node", nodeId).log("job {} made due now by hand", id);
        wake.run();
        return job;
    }

    @Override
    public CancelResult cancel(JobId id) {
        CancelResult result = store.jobs().cancel(id);
        if (result.cancelled() && result.previous() == JobState.RUNNING) {
            running.get(id).ifPresent(job -> {
                if (job.revoke(RunningJob.Revocation.CANCELLED)) {
                    running.remove(id);
                }
            });
        }
        if (result.cancelled()) {
            store.jobs().find(id).filter(WorkflowStarter::isStarter).ifPresent(starterCancelled);
        }
        return result;
    }

    @Override
    public Map<JobState, Long> countByState(String namespace) {
        return store.jobs().countByState(namespace);
    }

    @Override
    public Throughput throughput(String namespace, Duration window, Duration bucket) {
        long millis = bucket.toMillis();
        long count = Math.max(1, window.toMillis() / millis);
        long current = Math.floorDiv(store.now().toEpochMilli(), millis) * millis;
        Instant from = Instant.ofEpochMilli(current - (count - 1) * millis);
        return new Throughput(from, bucket, store.jobs().throughput(namespace, from, bucket));
    }

    @Override
    public List<RecentFailure> recentFailures(String namespace, int limit) {
        return store.jobs().recentFailures(namespace, limit);
    }
}
