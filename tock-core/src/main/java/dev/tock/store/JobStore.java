package dev.tock.store;

import dev.tock.model.Attempt;
import dev.tock.model.CancelResult;
import dev.tock.model.Enqueued;
import dev.tock.model.Job;
import dev.tock.model.JobId;
import dev.tock.model.JobPage;
import dev.tock.model.JobQuery;
import dev.tock.model.JobState;
import dev.tock.model.LeaseRef;
import dev.tock.model.LeasedJob;
import dev.tock.model.NewJob;
import dev.tock.model.Queue;
import dev.tock.model.QueueLeaseRequest;
import dev.tock.model.QueueStats;
import dev.tock.model.RecentFailure;
import dev.tock.model.ThroughputBucket;
import dev.tock.model.UnknownNamespaceException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where jobs live. The engine knows only this interface; every implementation passes the shared
 * compatibility suite.
 *
 * <p>Rules every implementation keeps:
 * <ul>
 *   <li>Due times and lease expiry are measured on the store's clock ({@link #now()}), never a node's.</li>
 *   <li>Every change to a running job is conditional on its state and lease token (fencing).</li>
 *   <li>Two concurrent {@link #lease} calls, from any number of processes, never return the same job.</li>
 * </ul>
 */
public interface JobStore extends ScheduleStore, ClusterStore, ApplySetStore, SecurityStore, AutoCloseable {

    /** The store's clock. */
    Instant now();

    /**
     * Stores the jobs in one transaction. A job whose idempotency key already exists in its namespace
     * is not stored again; its result names the existing job.
     *
     * @throws UnknownNamespaceException when a job names a namespace that does not exist
     */
    List<Enqueued> enqueue(List<NewJob> jobs);

    /** Leases due jobs to {@code request.node()}; each comes back running, with a new lease token. */
    List<LeasedJob> lease(LeaseRequest request);

    /**
     * Leases due jobs of one queue to an external worker, the same way: each comes back running, owned by
     * {@code request.worker()}, with a new lease token. Jobs with an executor are never leased this way.
     */
    List<LeasedJob> leaseQueue(QueueLeaseRequest request);

    /**
     * When the next job {@link #leaseQueue} could lease falls due (ignoring pause and limit), if any is
     * pending: how long a waiting worker may sleep.
     */
    NextDue nextDue(QueueLeaseRequest request);

    /**
     * The jobs of these leases that are still held under them (running, token current), each with its
     * lease: what an external worker's result is checked against. Leases no longer held are left out.
     */
    List<LeasedJob> heldLeases(List<LeaseRef> leases);

    /**
     * Leases jobs that are not due yet but fall due within {@code lookahead}, earliest first, so that a
     * node can start them at their time instead of a lease round trip later. Only queues without a
     * concurrency limit and not paused are leased ahead; the rest are leased when due.
     */
    List<LeasedJob> leaseAhead(LeaseRequest request, Duration lookahead);

    /**
     * Records the attempts and moves their jobs on, in one transaction.
     *
     * @return the jobs whose lease was no longer held; nothing was written for them
     */
    Set<JobId> finish(List<FinishedAttempt> attempts);

    /**
     * Extends the leases by {@code duration} from the store's clock.
     *
     * @return the leases that are no longer held (expired and reaped, cancelled, or taken by another node)
     */
    Set<JobId> extendLeases(List<LeaseRef> leases, Duration duration);

    /** Gives leases back without counting an attempt, e.g. on shutdown; the jobs become ready. */
    void release(List<LeaseRef> leases);

    /**
     * Takes back up to {@code limit} leases whose expiry has passed, recording each as an attempt that
     * ended {@code lease_expired}. Safe to call from every node at once.
     */
    List<ReapedLease> reapExpiredLeases(int limit);

    /** When the next pending job of the given types (without an executor) falls due, if any is pending. */
    default NextDue nextDue(Set<String> types) {
        return nextDue(types, Set.of());
    }

    /**
     * When the next pending job falls due among jobs without an executor of the given types and jobs with
     * an executor of the given kinds, if any is pending.
     */
    NextDue nextDue(Set<String> types, Set<String> executors);

    Optional<Job> find(JobId id);

    /** The job's attempts, oldest first. */
    List<Attempt> attempts(JobId id);

    /**
     * One page of a namespace's jobs that match the query, newest first (by id, which orders jobs by
     * their creation millisecond).
     *
     * @throws UnknownNamespaceException when the namespace does not exist
     */
    JobPage listJobs(JobQuery query);

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

    /** Creates or replaces a queue's settings. */
    void saveQueue(Queue queue);

    Optional<Queue> findQueue(String namespace, String name);

    List<Queue> queues(String namespace);

    /**
     * Deletes a queue's settings (its limit and paused flag). Finished jobs that name the queue stay
     * and do not block it; a job enqueued to it later finds an undefined queue.
     *
     * @return false when the queue had no settings
     * @throws dev.tock.model.QueueNotEmptyException while jobs wait (scheduled, ready, failed awaiting a
     *     retry) or run in it
     * @throws UnknownNamespaceException when the namespace does not exist
     */
    boolean deleteQueue(String namespace, String name);

    /**
     * Every queue of a namespace that has settings, unfinished jobs or jobs finished within
     * {@link QueueStats#FINISHED_WINDOW}, by name, with its job counts and start lag. Counting reads the
     * namespace's unfinished jobs and those finished within the window, not its whole history.
     *
     * @throws UnknownNamespaceException when the namespace does not exist
     */
    List<QueueStats> queueStats(String namespace);

    boolean namespaceExists(String namespace);

    /** Every namespace's name, sorted. */
    List<String> namespaces();

    /** Creates a namespace; does nothing when it exists. */
    void createNamespace(String namespace);

    /**
     * What a namespace's jobs did from {@code from} until now, on the store's clock, in buckets of
     * {@code bucket}, oldest first, every bucket present (zero when nothing happened). The work is
     * proportional to the jobs finished and attempts failed in the range, not to the jobs stored.
     */
    List<ThroughputBucket> throughput(String namespace, Instant from, Duration bucket);

    /**
     * The latest attempts in a namespace that failed, timed out or lost their lease, newest first; a
     * cancelled attempt is not a failure.
     */
    List<RecentFailure> recentFailures(String namespace, int limit);

    /** How many jobs of a namespace are in each state. */
    Map<JobState, Long> countByState(String namespace);

    /**
     * Housekeeping the database may not do by itself, e.g. vacuuming Tock's tables on a PostgreSQL
     * whose autovacuum is off, so that finished jobs never slow leasing; also forgets nodes unseen for
     * {@link ClusterStore#FORGET_NODES_AFTER}. Every node calls it every
     * {@code maintenance-interval}; it is safe to run concurrently.
     */
    void maintain();

    /**
     * Throws {@link StoreException} unless the store answers and its schema is the one this code
     * expects; a node is ready to serve only while this passes.
     */
    default void checkReady() {
        now();
    }

    /** Runs {@code listener} whenever jobs may have become available, from this or another node. */
    void addWakeupListener(Runnable listener);

    /** A short name for logs and benchmarks, e.g. {@code postgresql} or {@code h2}. */
    String kind();

    @Override
    void close();
}
