package dev.tock.engine;

import dev.tock.model.LeasedJob;
import dev.tock.store.LeaseStore;
import dev.tock.store.LeaseRequest;
import dev.tock.store.NextDue;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * Leases due jobs in batches and starts each on its own virtual thread. Between batches it sleeps
 * until the earliest pending job falls due (read with the store's clock), a wake-up arrives, or the
 * poll interval passes, so that start lateness is a matter of milliseconds, not polling periods.
 *
 * <p>It keeps more jobs leased than it has workers (a prefetch sized by {@link LeaseWindow}: deep for
 * fast jobs, shallow for slow ones) so that workers never wait for a round trip, and leases again
 * once half the prefetch is free, so each round trip brings a worthwhile batch. It pauses leasing
 * while more finished attempts wait to be stored than the store keeps up with, so that no lease
 * expires in that queue.
 *
 * <p>When it has room and the next job falls due within {@link #LEASE_AHEAD}, it leases the jobs due in
 * that window and holds each until its time, so a burst of jobs due at one instant (a thousand
 * schedules firing on the second) starts at that instant rather than a lease round trip per batch later.
 */
final class JobDispatcher extends WakeableLoop {
    /**
     * When the store says work is due yet none could be leased twice in a row (rows held by another
     * node, or a queue at its limit), look again after this rather than spin. The first time, it is
     * usually a wake-up a few microseconds ahead of the store's clock, and the look is immediate.
     */
    private static final long RECHECK_NANOS = Duration.ofMillis(5).toNanos();
    /** How far ahead of their time jobs are leased and held; short, since a held job's lease runs. */
    static final Duration LEASE_AHEAD = Duration.ofMillis(250);
    private static final long LEASE_AHEAD_NANOS = LEASE_AHEAD.toNanos();
    /**
     * Most jobs leased ahead in one statement. A held job's wait is counted from when its lease statement
     * answered, so every job of a statement starts late by the statement's duration: small statements
     * (the dispatcher leases ahead again at once while there is more) keep that to a millisecond or two.
     */
    private static final int LEASE_AHEAD_BATCH = 100;

    private final String node;
    private final LeaseStore store;
    private final Set<String> types;
    /** Executor kinds whose jobs this node runs with built-in handlers. */
    private final Set<String> executors;
    private final RunningJobs running;
    private final JobRunner runner;
    private final ExecutorService jobThreads;
    private final LeaseWindow window;
    private final int workers;
    /** Whether the last lease brought as many jobs as it asked for (the store had more). */
    private boolean lastLeaseFull;
    private final IntSupplier completionBacklog;
    private final int maxCompletionBacklog;
    private final int batchSize;
    private final Duration leaseDuration;
    private final long pollNanos;
    private final EngineMetrics metrics;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Jobs leased ahead of their time and not due yet. */
    private final AtomicInteger heldAhead = new AtomicInteger();
    private final int maxHeldAhead;
    /** The due time of the job a lease ahead last found nothing for; not tried again (another node holds it). */
    private Instant aheadMissedAt;
    /** Leased jobs not yet started, best first; each has one thread waiting to start the best. */
    private final PriorityBlockingQueue<RunningJob> waiting = new PriorityBlockingQueue<>(64,
            Comparator.comparingInt((RunningJob j) -> -j.leased().job().priority())
                    .thenComparing(j -> j.leased().job().runAt())
                    .thenComparing(j -> j.leased().job().id()));
    private boolean dueButNotLeased;
    /**
     * Whether the dispatcher waits with room to lease after the store had nothing more due: a worker freed then brings
     * no news, and a lease for it would only compete with the completion being stored (which may hand the next step
     * to this node). New work wakes it as before: a wake-up, the next job's due time, the poll interval.
     */
    private volatile boolean idleWithRoom;

    JobDispatcher(String node, LeaseStore store, Set<String> types, Set<String> executors, RunningJobs running, JobRunner runner,
                  ExecutorService jobThreads, IntSupplier completionBacklog,
                  int workerThreads, int batchSize, Duration leaseDuration, Duration pollInterval, EngineMetrics metrics) {
        super("tock-dispatcher");
        this.node = node;
        this.store = store;
        this.types = Set.copyOf(types);
        this.executors = Set.copyOf(executors);
        this.running = running;
        this.runner = runner;
        this.jobThreads = jobThreads;
        this.completionBacklog = completionBacklog;
        this.window = new LeaseWindow(workerThreads, batchSize);
        this.workers = workerThreads;
        this.maxCompletionBacklog = Math.max(1000, 4 * (workerThreads + batchSize));
        this.batchSize = batchSize;
        this.maxHeldAhead = Math.max(2_000, 4 * batchSize);
        this.leaseDuration = leaseDuration;
        this.pollNanos = pollInterval.toNanos();
        this.metrics = metrics;
    }

    /** Jobs leased by this node whose handlers have not returned yet. */
    int inFlight() {
        return inFlight.get();
    }

    @Override
    protected void runOnce() throws InterruptedException {
        int wanted = 0;
        if (completionBacklog.getAsInt() <= maxCompletionBacklog) {
            window.beforeLease(inFlight.get(), lastLeaseFull);
            wanted = Math.min(batchSize, window.maxInFlight() - inFlight.get());
        }
        if (wanted > 0 && (!types.isEmpty() || !executors.isEmpty())) {
            lastLeaseFull = leaseAndStart(wanted) == wanted;
            if (!lastLeaseFull) {
                waitForWork(true);
            }
        } else {
            waitForWork(false);
        }
    }

    /**
     * What this node takes of the next steps that the completions it stores make ready, leased in the transaction
     * that makes them: as many as it has workers free, so they start at once; nothing while it does not lease.
     */
    Optional<LeaseRequest> handOffRequest() {
        int free = workers - inFlight.get();
        if (free <= 0 || !isActive() || (types.isEmpty() && executors.isEmpty())
                || completionBacklog.getAsInt() > maxCompletionBacklog) {
            return Optional.empty();
        }
        int limit = Math.min(free, batchSize);
        return Optional.of(new LeaseRequest(node, types, limit, leaseDuration, executors, limit));
    }

    /**
     * Starts jobs leased to this node by the transaction that stored completions ({@link #handOffRequest}).
     *
     * @return false, starting none, once the dispatcher stopped: the caller gives their leases back
     */
    boolean startHandedOff(List<LeasedJob> leased) {
        if (!isActive()) {
            return false;
        }
        metrics.leased(leased.size());
        leased.forEach(this::start);
        return true;
    }

    private void start(LeasedJob job) {
        RunningJob runningJob = new RunningJob(job);
        running.add(runningJob);
        inFlight.incrementAndGet();
        waiting.add(runningJob);
        jobThreads.execute(this::runAndRelease);
    }

    private int leaseAndStart(int wanted) {
        // Jobs beyond the free workers are held: the store shows them leased until their handlers start.
        int startsAtOnce = Math.min(wanted, Math.max(0, workers - inFlight.get()));
        List<LeasedJob> leased = store.lease(new LeaseRequest(node, types, wanted, leaseDuration, executors, startsAtOnce));
        metrics.leased(leased.size());
        leased.forEach(this::start);
        return leased.size();
    }

    private void runAndRelease() {
        try {
            runner.runNext(waiting::poll);
        } finally {
            if (inFlight.decrementAndGet() <= window.refillAt() && !idleWithRoom) {
                wake();
            }
        }
    }

    private void waitForWork(boolean hadRoom) throws InterruptedException {
        // Taken before the query: the store's clock is read when the statement starts.
        long now = System.nanoTime();
        long wait = pollNanos;
        if (hadRoom) {
            NextDue next = store.nextDue(types, executors);
            long answeredAt = System.nanoTime();
            if (next.runAt().isPresent()) {
                Instant runAt = next.runAt().get();
                long untilDue = nanosBetween(next.storeNow(), runAt);
                if (untilDue <= 0 && !dueButNotLeased) {
                    dueButNotLeased = true;
                    return;
                }
                boolean canLeaseAhead = heldAhead.get() < maxHeldAhead && !runAt.equals(aheadMissedAt);
                if (untilDue > 0 && untilDue <= LEASE_AHEAD_NANOS && canLeaseAhead) {
                    if (leaseAhead(next.storeNow(), answeredAt) > 0) {
                        return;
                    }
                    aheadMissedAt = runAt;
                    canLeaseAhead = false;
                }
                wait = Math.min(wait, untilDue <= 0 ? RECHECK_NANOS : canLeaseAhead ? untilDue - LEASE_AHEAD_NANOS : untilDue);
            }
            dueButNotLeased = false;
        }
        idleWithRoom = hadRoom;
        try {
            awaitWake(now + wait);
        } finally {
            idleWithRoom = false;
        }
    }

    /**
     * Leases jobs falling due soon and holds each until its time. {@code storeNow} is a reading of the store's
     * clock that this node had received by {@code answeredAt} (its nanoTime).
     */
    private int leaseAhead(Instant storeNow, long answeredAt) {
        int wanted = Math.min(Math.min(batchSize, LEASE_AHEAD_BATCH), maxHeldAhead - heldAhead.get());
        List<LeasedJob> leased = store.leaseAhead(new LeaseRequest(node, types, wanted, leaseDuration, executors, 0), LEASE_AHEAD);
        long receivedAt = System.nanoTime();
        metrics.leased(leased.size());
        for (LeasedJob job : leased) {
            RunningJob runningJob = new RunningJob(job);
            running.add(runningJob);
            heldAhead.incrementAndGet();
            Instant runAt = job.job().runAt();
            // A store reading received by a local moment maps the job's time to a local moment no earlier than
            // its true one, so no job starts early; each mapping is late by the time from the reading to its
            // answer. The lease's own reading (leasedAt) is late by the whole statement, durable commit
            // included (a WAL flush, milliseconds); the next-due read before it commits nothing. The earlier
            // of the two is the closer.
            long dueAt = Math.min(receivedAt + Duration.between(job.leasedAt(), runAt).toNanos(),
                    answeredAt + Duration.between(storeNow, runAt).toNanos());
            jobThreads.execute(() -> startWhenDue(runningJob, dueAt));
        }
        return leased.size();
    }

    /** Holds a job leased ahead until its time, then queues it like any leased job. */
    private void startWhenDue(RunningJob job, long dueAtNanos) {
        try {
            long left;
            while ((left = dueAtNanos - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.sleep(left);
            }
        } catch (InterruptedException e) {
            heldAhead.decrementAndGet();
            return; // shutting down: the job was released with the other waiting ones
        }
        heldAhead.decrementAndGet();
        inFlight.incrementAndGet();
        waiting.add(job);
        runAndRelease();
    }

}
