package dev.tock.service;

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
import dev.tock.model.Throughput;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Jobs: enqueue, look up, list, and act on one by hand (retry, run now, cancel). */
public interface Jobs {

    /** Enqueues one job. */
    Enqueued enqueue(NewJob job);

    /** Enqueues jobs in one transaction: all are validated first, and none is stored if any is invalid. */
    List<Enqueued> enqueueAll(List<NewJob> jobs);

    /**
     * Checks a job as {@link #enqueue} does (type known here or an executor this node accepts, payload
     * valid) without storing it.
     */
    void validate(NewJob job);

    Optional<Job> find(JobId id);

    /** @throws dev.tock.model.JobNotFoundException when no such job exists */
    Job get(JobId id);

    /** Every attempt at the job, oldest first. */
    List<Attempt> attempts(JobId id);

    /**
     * One page of a namespace's jobs, newest first, filtered by the query; pass the page's
     * {@code nextCursor} to {@link JobQuery.Builder#cursor} for the next.
     *
     * @throws dev.tock.model.UnknownNamespaceException when the namespace does not exist
     * @throws dev.tock.model.InvalidQueryException naming the field of a bad limit or cursor
     */
    JobPage list(JobQuery query);

    /**
     * Runs a dead or cancelled job again, now, with a fresh attempt budget; its earlier attempts stay
     * in its history and attempt numbers continue. Every node's dispatcher is woken.
     *
     * @return the job, now ready
     * @throws dev.tock.model.JobNotFoundException when no such job exists
     * @throws dev.tock.model.JobStateConflictException when the job is neither dead nor cancelled
     */
    Job retry(JobId id);

    /**
     * Makes a job waiting for its time (scheduled, or failed and waiting for its retry) due now; every
     * node's dispatcher is woken.
     *
     * @return the job as it is now
     * @throws dev.tock.model.JobNotFoundException when no such job exists
     * @throws dev.tock.model.JobStateConflictException when it is running, finished, or held back by its schedule
     */
    Job runNow(JobId id);

    /**
     * Cancels a job that has not finished; a job running on this node is interrupted at once, elsewhere
     * at its next heartbeat.
     */
    CancelResult cancel(JobId id);

    /** How many jobs of a namespace are in each state. */
    Map<JobState, Long> countByState(String namespace);

    /**
     * Jobs finished and attempts failed in a namespace over the last {@code window}, up to now on the
     * store's clock, in buckets of {@code bucket} that start at whole multiples of their length, so that
     * successive calls show the same buckets.
     */
    Throughput throughput(String namespace, Duration window, Duration bucket);

    /** The namespace's latest failed attempts, newest first. */
    List<RecentFailure> recentFailures(String namespace, int limit);

    /**
     * Why the job is not running: its time has not come, a retry backoff, the queue paused or at its
     * limit, its key at its limit, a rate limit, or nothing live that runs it. Empty once it runs or has
     * finished.
     */
    Optional<dev.tock.model.Waiting> waiting(JobId id);
}
