package dev.tock.service;

import dev.tock.model.JobId;
import dev.tock.model.QueueLeaseRequest;
import dev.tock.model.WorkerLease;
import dev.tock.model.WorkerLeasedJob;
import dev.tock.model.WorkerResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Workers outside the cluster, in any language, that lease jobs of a queue over the API, run them and
 * report back. Every report is fenced by the lease token, so a worker whose lease expired (and whose
 * job was leased again) cannot change the job. The token is opaque and cannot be guessed: a token this
 * service did not hand out for the job, or one of an older lease, holds nothing, and a report with it is
 * refused like a report on a lease that expired.
 */
public interface Workers {
    /** Longest a lease request waits for work. */
    Duration MAX_WAIT = Duration.ofSeconds(60);
    /** Most jobs one lease request or one report carries. */
    int MAX_BATCH = 1000;
    Duration MIN_LEASE = Duration.ofSeconds(1);
    Duration MAX_LEASE = Duration.ofHours(1);

    /**
     * Leases due jobs of one queue to a worker. When none is due, waits up to {@code wait} (at most
     * {@link #MAX_WAIT}) and returns as soon as a wake-up brings work; returns empty when the wait ends
     * without any, or at once when this node stops or the worker instance said it is stopping.
     */
    List<WorkerLeasedJob> lease(QueueLeaseRequest request, Duration wait, String agent, Optional<String> instance)
            throws InterruptedException;

    /**
     * Leases due jobs of several queues to a worker in one request, sharing the limit among the queues by
     * weight (what one queue cannot fill goes to the others); waits and wakes as {@link #lease} does.
     */
    List<WorkerLeasedJob> lease(dev.tock.model.MultiQueueLeaseRequest request, Duration wait, String agent,
                                Optional<String> instance) throws InterruptedException;

    /**
     * The worker (and its {@code instance}, when given) is stopping: its lease requests waiting now end at
     * once, empty; with an instance, that instance's later requests lease nothing either. The worker leaves
     * the node registry until its next request.
     */
    void stopping(String worker, Optional<String> instance);

    /**
     * Extends the worker's leases and keeps it registered.
     *
     * @return the leases it no longer holds
     */
    Set<JobId> heartbeat(String namespace, String worker, List<WorkerLease> leases, Duration leaseDuration, String agent);

    /**
     * Gives leases back without counting an attempt: the jobs run again at once.
     *
     * @return the leases it no longer held
     */
    Set<JobId> release(String namespace, String worker, List<WorkerLease> leases);

    /**
     * Records how the worker's attempts ended.
     *
     * @return the jobs whose lease it no longer held; nothing was recorded for them
     */
    Set<JobId> finish(String namespace, String worker, List<WorkerResult> results);

    /** The lease a worker gets when it asks for none: the node's {@code lease-duration}. */
    Duration defaultLeaseDuration();
}
