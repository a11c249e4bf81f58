package dev.tock.store;

import dev.tock.model.Attempt;
import dev.tock.model.CancelResult;
import dev.tock.model.Enqueued;
import dev.tock.model.Job;
import dev.tock.model.JobId;
import dev.tock.model.JobPage;
import dev.tock.model.JobQuery;
import dev.tock.model.JobState;
import dev.tock.model.NewJob;
import dev.tock.model.RecentFailure;
import dev.tock.model.ThroughputBucket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where jobs are stored, looked up and moved by hand (retry, run now, cancel). Leasing is {@link LeaseStore}'s. */
public interface JobStore {

    /**
     * Stores the jobs in one transaction. A job whose idempotency key already exists in its namespace
     * is not stored again; its result names the existing job.
     *
     * @throws dev.tock.model.UnknownNamespaceException when a job names a namespace that does not exist
     */
    List<Enqueued> enqueue(List<NewJob> jobs);

    Optional<Job> find(JobId id);

    /** The job's attempts, oldest first. */
    List<Attempt> attempts(JobId id);

    /**
     * One page of a namespace's jobs that match the query, newest first (by id, which orders jobs by
     * their creation millisecond).
     *
     * @throws dev.tock.model.UnknownNamespaceException when the namespace does not exist
     */
    JobPage list(JobQuery query);

    /**
     * Makes a dead or cancelled job ready to run now, with a fresh attempt budget: its retry policy
     * counts only the attempts from here on, while attempt numbers continue and earlier attempts stay
     * in its history. Wakes the dispatchers of every node.
     *
     * @return the job as it is now
     * @throws dev.tock.model.JobNotFoundException when no such job exists
     * @throws dev.tock.model.JobStateConflictException when the job is neither dead nor cancelled
     */
    Job retry(JobId id);

    /**
     * Makes a job that waits for its time — scheduled, or failed and waiting for its retry — due now,
     * and wakes the dispatchers of every node. A ready job is left as it is.
     *
     * @return the job as it is now
     * @throws dev.tock.model.JobNotFoundException when no such job exists
     * @throws dev.tock.model.JobStateConflictException when the job is running or finished, or is the run
     *     a {@code BUFFER_ONE} schedule holds back until its active run ends
     */
    Job runNow(JobId id);

    /**
     * Cancels a job that has not finished. A running job's lease is revoked, so its worker's
     * completion is refused.
     *
     * @throws dev.tock.model.JobNotFoundException when no such job exists
     */
    CancelResult cancel(JobId id);

    /** How many jobs of a namespace are in each state. */
    Map<JobState, Long> countByState(String namespace);

    /**
     * What a namespace's jobs did from {@code from} until now, on the store's clock, in buckets of
     * {@code bucket}, oldest first, every bucket present (zero when nothing happened). The work is
     * proportional to the jobs finished and attempts failed in the range, not to the jobs stored.
     * Jobs that a schedule's history limits deleted still count: for at least a week, in the bucket of
     * the minute in which they finished (exact for buckets of whole minutes).
     *
     * @throws dev.tock.model.UnknownNamespaceException when the namespace does not exist
     */
    List<ThroughputBucket> throughput(String namespace, Instant from, Duration bucket);

    /**
     * The latest attempts in a namespace that failed, timed out or lost their lease, newest first; a
     * cancelled attempt is not a failure.
     *
     * @throws dev.tock.model.UnknownNamespaceException when the namespace does not exist
     */
    List<RecentFailure> recentFailures(String namespace, int limit);
}
