package dev.tock.engine;

import dev.tock.handler.OutputTail;
import dev.tock.handler.PermanentFailure;
import dev.tock.workflow.StepLabels;
import dev.tock.model.AttemptOutcome;
import dev.tock.model.Job;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.model.LeaseRef;
import dev.tock.model.LeasedJob;
import dev.tock.model.MultiQueueLeaseRequest;
import dev.tock.model.NodeInfo;
import dev.tock.model.Names;
import dev.tock.model.NodeRole;
import dev.tock.model.QueueLeaseRequest;
import dev.tock.model.WorkerLease;
import dev.tock.model.WorkerLeasedJob;
import dev.tock.model.WorkerResult;
import dev.tock.store.FinishedAttempt;
import dev.tock.service.Workers;
import dev.tock.store.Store;
import dev.tock.store.NextDue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workers outside the cluster, in any language, that lease jobs of a queue over the API, run them, and
 * report back: the engine's side of the worker routes. Every report is fenced by the lease token, so a
 * worker whose lease expired (and whose job was leased again) cannot change the job; and the token a
 * worker gets cannot be guessed ({@link LeaseTokens}), so nobody else can report on its jobs. Workers
 * appear in the node registry under their names, with the worker role, while they lease or heartbeat.
 */
final class ExternalWorkers implements Workers {
    private static final Logger log = LoggerFactory.getLogger(ExternalWorkers.class);
    private static final int MAX_ERROR_CHARS = 4000;

    private final Store store;
    private final Duration pollInterval;
    private final Duration defaultLease;
    private final Duration registrationInterval;
    private final int outputTailChars;
    private final EngineMetrics metrics;
    private final StepOutputs stepOutputs;
    private final LeaseTokens tokens;
    private final WakeupBroadcast work = new WakeupBroadcast();
    private final Map<String, Registration> registered = new ConcurrentHashMap<>();
    /** When each worker last said it was stopping ({@link System#nanoTime()}): its lease requests waiting since then end. */
    private final Map<String, Long> stoppedAt = new ConcurrentHashMap<>();
    /**
     * Worker instances (one run of a worker process) that said they are stopping, with when: every lease
     * request they make, even one that arrives after the word, returns empty. Forgotten after an hour.
     */
    private final Map<String, Long> stoppedInstances = new ConcurrentHashMap<>();
    private static final long FORGET_STOPPED_NANOS = Duration.ofHours(1).toNanos();
    private volatile boolean stopped;

    /** @param queues the {@link NodeInfo#queue queue entries} the worker has leased from, as registered */
    private record Registration(Instant firstSeen, long writtenAtNanos, Set<String> queues) {
    }

    ExternalWorkers(Store store, Duration pollInterval, Duration registrationInterval, int outputTailChars,
                    Duration defaultLease, EngineMetrics metrics, StepOutputs stepOutputs) {
        this.store = store;
        this.stepOutputs = stepOutputs;
        this.tokens = new LeaseTokens(store.cluster()::leaseTokenKey);
        this.defaultLease = defaultLease;
        this.pollInterval = pollInterval;
        this.registrationInterval = registrationInterval;
        this.outputTailChars = outputTailChars;
        this.metrics = metrics;
    }

    @Override
    public List<WorkerLeasedJob> lease(QueueLeaseRequest request, Duration wait, String agent, Optional<String> instance)
            throws InterruptedException {
        instance.ifPresent(Names::requireInstance);
        Names.requireWorker(request.worker());
        seen(request.worker(), agent, Set.of(NodeInfo.queue(request.namespace(), request.queue())));
        return longPoll(request.worker(), wait, instance, () -> store.leases().leaseQueue(request),
                dueAtLastLook -> untilWorthLooking(request, dueAtLastLook));
    }

    @Override
    public List<WorkerLeasedJob> lease(MultiQueueLeaseRequest request, Duration wait, String agent, Optional<String> instance)
            throws InterruptedException {
        instance.ifPresent(Names::requireInstance);
        Names.requireWorker(request.worker());
        Set<String> queues = new java.util.HashSet<>();
        request.queues().forEach(q -> queues.add(NodeInfo.queue(request.namespace(), q)));
        seen(request.worker(), agent, queues);
        return longPoll(request.worker(), wait, instance, () -> leaseWeighted(request),
                dueAtLastLook -> request.queues().stream()
                        .mapToLong(q -> untilWorthLooking(request.forQueue(q, 1), dueAtLastLook)).min().orElseThrow());
    }

    /**
     * Leases from the queues in a weighted random order, each first up to its weighted share of the
     * limit ({@link WeightedShares}: whole jobs, exact in expectation), then what is left in the same
     * order: over many requests each queue's part follows its weight while it has work, and a queue
     * without work leaves its share to the others.
     */
    private List<LeasedJob> leaseWeighted(MultiQueueLeaseRequest request) {
        List<String> order = WeightedOrder.of(request.queues(), request::weightOf);
        Map<String, Integer> shares = WeightedShares.of(order, request::weightOf, request.limit(), ThreadLocalRandom.current());
        List<LeasedJob> leased = new ArrayList<>();
        for (String q : order) {
            int share = shares.get(q);
            if (share > 0) {
                leased.addAll(store.leases().leaseQueue(request.forQueue(q, share)));
            }
        }
        for (String q : order) {
            int room = request.limit() - leased.size();
            if (room <= 0) {
                break;
            }
            leased.addAll(store.leases().leaseQueue(request.forQueue(q, room)));
        }
        return leased;
    }

    /** Nanoseconds a waiting lease may sleep; {@code dueAtLastLook}: the last look found a job already due, yet the lease after it got none. */
    @FunctionalInterface
    private interface UntilWorthLooking {
        long nanos(boolean dueAtLastLook);
    }

    private List<WorkerLeasedJob> longPoll(String worker, Duration wait, Optional<String> instance,
                                           java.util.function.Supplier<List<LeasedJob>> leaseNow,
                                           UntilWorthLooking untilWorthLooking) throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + Math.min(wait.toNanos(), MAX_WAIT.toNanos());
        boolean dueAtLastLook = false;
        while (true) {
            long generation = work.generation();
            if (stopped || stoppedSince(worker, started) || instance.map(stoppedInstances::containsKey).orElse(false)) {
                return List.of();
            }
            List<LeasedJob> leased = leaseNow.get();
            if (!leased.isEmpty()) {
                metrics.leased(leased.size());
                return leased.stream().map(tokens::handOut).toList();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return List.of();
            }
            long sleep = untilWorthLooking.nanos(dueAtLastLook);
            dueAtLastLook = sleep <= 0;
            if (sleep > 0) {
                work.awaitChange(generation, System.nanoTime() + Math.min(left, sleep));
            }
        }
    }

    /**
     * How long a waiting lease request may sleep without a wake-up: until the queue's next job falls due
     * (delays and retry backoffs send no wake-up), at most the poll interval. A job due now was missed by
     * the lease just before (it fell due in between, as after a retry's short backoff): zero, look again
     * at once. A job still due but not leased at that next look (paused queue, queue at its limit) is
     * looked at again after the poll interval.
     */
    private long untilWorthLooking(QueueLeaseRequest request, boolean dueAtLastLook) {
        long poll = pollInterval.toNanos();
        NextDue next = store.leases().nextDue(request);
        if (next.runAt().isEmpty()) {
            return poll;
        }
        long untilDue = Duration.between(next.storeNow(), next.runAt().get()).toNanos();
        if (untilDue <= 0) {
            return dueAtLastLook ? poll : 0;
        }
        return Math.min(poll, untilDue);
    }

    private boolean stoppedSince(String worker, long startedNanos) {
        Long at = stoppedAt.get(worker);
        return at != null && at - startedNanos >= 0;
    }

    @Override
    public Duration defaultLeaseDuration() {
        return defaultLease;
    }

    /**
     * Ends the worker's waiting lease requests and takes it out of the node registry at once, rather than
     * when maintenance forgets it an hour later. Other instances of the same name that still run register
     * again with their next request: the idle ones at once (their lease requests just ended), the busy
     * ones with their next heartbeat, since this node forgets that it registered the name.
     */
    @Override
    public void stopping(String worker, Optional<String> instance) {
        long now = System.nanoTime();
        stoppedAt.put(Names.requireWorker(worker), now);
        instance.ifPresent(i -> {
            stoppedInstances.values().removeIf(at -> now - at > FORGET_STOPPED_NANOS);
            stoppedInstances.put(Names.requireInstance(i), now);
        });
        work.signalAll();
        deregister(worker);
    }

    private void deregister(String worker) {
        registered.remove(worker);
        try {
            store.cluster().remove(worker);
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("node", worker).setCause(e).log("could not remove stopping external worker {}", worker);
        }
    }

    /**
     * Extends a worker's leases on jobs of {@code namespace} by {@code leaseDuration} from the store's
     * clock, and keeps the worker registered.
     *
     * @return the jobs whose leases are no longer this worker's: expired and taken back, cancelled, or
     *     leased again (or never were, or are in another namespace)
     */
    @Override
    public Set<JobId> heartbeat(String namespace, String worker, List<WorkerLease> leases, Duration leaseDuration, String agent) {
        Names.requireWorker(worker);
        seen(worker, agent, Set.of());
        Claims claims = claims(namespace, worker, leases);
        Set<JobId> lost = new HashSet<>(claims.refused());
        lost.addAll(store.heldLeases().extend(claims.leases(), leaseDuration));
        return lost;
    }

    /**
     * Gives back leases a worker will not finish, e.g. when it shuts down: the jobs are ready again at
     * once and the attempt is not counted.
     *
     * @return the jobs whose leases were no longer this worker's; nothing was done for them
     */
    @Override
    public Set<JobId> release(String namespace, String worker, List<WorkerLease> leases) {
        Names.requireWorker(worker);
        Claims claims = claims(namespace, worker, leases);
        store.heldLeases().release(claims.leases());
        if (!claims.held().isEmpty()) {
            wake();
        }
        return claims.refused();
    }

    /**
     * What a worker's presented leases hold: the jobs of {@code namespace} it still holds under them (a
     * token a node handed out, still current, and the worker the lease owner), and the jobs of the rest.
     */
    private record Claims(Map<JobId, LeasedJob> held, Set<JobId> refused) {
        List<LeaseRef> leases() {
            return held.values().stream().map(LeasedJob::lease).toList();
        }
    }

    private Claims claims(String namespace, String worker, List<WorkerLease> presented) {
        List<LeaseRef> genuine = presented.stream().flatMap(p -> tokens.verify(p).stream()).toList();
        Map<JobId, LeasedJob> held = new HashMap<>();
        for (LeasedJob h : store.heldLeases().held(genuine)) {
            if (h.job().namespace().equals(namespace) && h.job().leaseOwner().equals(Optional.of(worker))) {
                held.put(h.job().id(), h);
            }
        }
        Set<JobId> refused = new HashSet<>();
        presented.stream().map(WorkerLease::jobId).filter(id -> !held.containsKey(id)).forEach(refused::add);
        return new Claims(held, refused);
    }

    /**
     * Records a worker's results on jobs of {@code namespace}, each only if the worker still holds the lease: its job moves on
     * (succeeded, failed for a retry per its policy, or dead) and the attempt is stored.
     *
     * @return the jobs whose results were refused because the lease was no longer this worker's
     */
    @Override
    public Set<JobId> finish(String namespace, String worker, List<WorkerResult> results) {
        Names.requireWorker(worker);
        Claims claims = claims(namespace, worker, results.stream().map(WorkerResult::lease).toList());
        Set<JobId> refused = new HashSet<>(claims.refused());
        List<FinishedAttempt> attempts = new ArrayList<>(results.size());
        Instant now = Instant.now();
        for (WorkerResult result : results) {
            LeasedJob lease = claims.held().get(result.lease().jobId());
            if (lease != null) {
                attempts.add(attemptOf(worker, lease, result, now));
            }
        }
        Set<JobId> lost = store.heldLeases().finish(attempts);
        refused.addAll(lost);
        for (FinishedAttempt attempt : attempts) {
            if (!lost.contains(attempt.lease().jobId())) {
                metrics.finished(attempt);
            }
        }
        if (attempts.stream().anyMatch(a -> a.nextState() == JobState.FAILED)) {
            wake();
        }
        return refused;
    }

    private FinishedAttempt attemptOf(String worker, LeasedJob lease, WorkerResult result, Instant now) {
        Job job = lease.job();
        Instant started = lease.leasedAt();
        Instant ended = now.isBefore(started) ? started : now;
        OutputTail tail = new OutputTail(outputTailChars);
        result.output().ifPresent(tail::append);
        String stepError = null;
        if (result.succeeded() && StepLabels.isStep(job)) {
            try {
                return new FinishedAttempt(lease.lease(), job.attempts(), worker, started, ended, AttemptOutcome.SUCCEEDED,
                        JobState.SUCCEEDED, Duration.ZERO, Optional.empty(), tail.text(), true, stepOutputs.check(result.result()));
            } catch (PermanentFailure e) {
                stepError = e.getMessage();
            }
        } else if (result.succeeded()) {
            return new FinishedAttempt(lease.lease(), job.attempts(), worker, started, ended, AttemptOutcome.SUCCEEDED,
                    JobState.SUCCEEDED, Duration.ZERO, Optional.empty(), tail.text());
        }
        if (stepError != null) {
            return FailedAttempts.of(lease.lease(), job, worker, started, ended, AttemptOutcome.FAILED, false, Optional.empty(),
                    stepError, tail.text());
        }
        String error = result.error().filter(e -> !e.isBlank()).orElse("failed (no error given by worker " + worker + ")");
        if (error.length() > MAX_ERROR_CHARS) {
            error = error.substring(0, MAX_ERROR_CHARS) + "…";
        }
        FinishedAttempt attempt = FailedAttempts.of(lease.lease(), job, worker, started, ended, AttemptOutcome.FAILED,
                result.retryable(), result.retryAfter(), error, tail.text());
        log.atInfo().addKeyValue("job", job.id()).addKeyValue("node", worker).addKeyValue("attempt", job.attempts())
                .log("job {} attempt {} failed on worker {}: {}", job.id(), job.attempts(), worker, error.lines().findFirst().orElse(""));
        return attempt;
    }

    /**
     * Registers the worker in the node registry, with the queues it leases from: at most once per
     * registration interval per worker, unless it leases from a queue not yet registered.
     */
    private void seen(String worker, String agent, Set<String> queues) {
        long now = System.nanoTime();
        Registration current = registered.get(worker);
        if (current != null && now - current.writtenAtNanos() < registrationInterval.toNanos() && current.queues().containsAll(queues)) {
            return;
        }
        Set<String> allQueues = new java.util.HashSet<>(queues);
        if (current != null) {
            allQueues.addAll(current.queues());
        }
        try {
            Instant firstSeen = current == null ? store.now() : current.firstSeen();
            String version = agent == null || agent.isBlank() ? "external" : truncate(agent, NodeInfo.MAX_VERSION_LENGTH);
            store.cluster().heartbeat(new NodeInfo(worker, Set.of(NodeRole.WORKER), version, firstSeen, allQueues));
            registered.put(worker, new Registration(firstSeen, now, Set.copyOf(allQueues)));
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("node", worker).setCause(e).log("could not register external worker {}", worker);
        }
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    /** Work may have become available: lease requests waiting look again. */
    void wake() {
        work.signalAll();
    }

    /** Waiting lease requests return at once, empty, and new ones do not lease: the node is going away. */
    void stop() {
        stopped = true;
        work.signalAll();
    }
}
