package dev.tock.engine;

import dev.tock.TockException;
import dev.tock.TockVersion;
import dev.tock.config.TockConfig;
import dev.tock.handler.JobHandler;
import dev.tock.model.ApplySet;
import dev.tock.model.Attempt;
import dev.tock.model.CancelResult;
import dev.tock.model.Enqueued;
import dev.tock.model.InvalidJobException;
import dev.tock.model.Job;
import dev.tock.model.JobId;
import dev.tock.model.JobNotFoundException;
import dev.tock.model.JobPage;
import dev.tock.model.JobQuery;
import dev.tock.model.JobState;
import dev.tock.model.LeaseRef;
import dev.tock.model.Names;
import dev.tock.model.NewJob;
import dev.tock.model.NodeInfo;
import dev.tock.model.NodeRole;
import dev.tock.model.NodeStatus;
import dev.tock.model.Queue;
import dev.tock.model.QueueStats;
import dev.tock.model.RecentFailure;
import dev.tock.model.ThroughputBucket;
import dev.tock.schedule.OverlapPolicy;
import dev.tock.schedule.Schedule;
import dev.tock.schedule.ScheduleFire;
import dev.tock.schedule.ScheduleNotFoundException;
import dev.tock.schedule.StoredSchedule;
import dev.tock.store.JobStore;
import dev.tock.store.JobStores;
import dev.tock.store.StoreOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Tock node in library mode: enqueue jobs, run them with registered handlers, look them up.
 *
 * <pre>{@code
 * try (Tock tock = Tock.builder()
 *         .config(TockConfig.defaults())
 *         .handler("email.send", ctx -> mailer.send(ctx.payloadAs(Email.class)))
 *         .build()) {
 *     tock.start();
 *     tock.enqueue(NewJob.of("email.send", "{\"to\":\"ada@example.com\"}"));
 * }
 * }</pre>
 */
public final class Tock implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Tock.class);

    private final TockConfig config;
    private final JobStore store;
    private final boolean ownsStore;
    private final HandlerRegistry handlers;
    private final PayloadValidator payloads;
    private final RunningJobs running = new RunningJobs();
    private final ExecutorService jobThreads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("tock-job-", 0).factory());
    private final ScheduledThreadPoolExecutor timeouts = new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().name("tock-timeouts").daemon(true).factory());
    private final CompletionBatcher completions;
    private final JobDispatcher dispatcher;
    private final BackgroundLoop heartbeats;
    private final BackgroundLoop reaper;
    private final BackgroundLoop maintenance;
    private final ScheduleFirer firer;
    private final EngineMetrics metrics;
    private final NodeRegistration registration;
    private final BuiltInExecutors executors;
    private final ExternalWorkers externalWorkers;
    private volatile boolean started;
    private volatile boolean stopped;

    private Tock(Builder b) {
        this.config = b.config;
        this.ownsStore = b.store == null;
        this.store = ownsStore
                ? JobStores.open(new StoreOptions(config.dbUrl(), config.dbPoolSize(), config.dbSchema()))
                : b.store;
        this.executors = new BuiltInExecutors(config);
        this.handlers = new HandlerRegistry(b.handlers, b.remoteTypes, b.acceptAnyType, executors.handlers());
        this.payloads = new PayloadValidator(config.maxPayloadBytes());
        timeouts.setRemoveOnCancelPolicy(true);
        this.metrics = new EngineMetrics(b.meterRegistry);
        this.completions = new CompletionBatcher(store, running, this::wake);
        JobRunner runner = new JobRunner(config.nodeId(), handlers, new Semaphore(config.workerThreads()), timeouts,
                completions, config.outputTailChars(), b.clock, metrics);
        this.dispatcher = new JobDispatcher(config.nodeId(), store, handlers.localTypes(), handlers.executorKinds(), running, runner, jobThreads,
                completions::backlog, config.workerThreads(), config.leaseBatchSize(), config.leaseDuration(), config.pollInterval(),
                metrics);
        this.registration = new NodeRegistration(store, config.nodeId(), config.roles(), TockVersion.current());
        LeaseHeartbeater leaseHeartbeats = new LeaseHeartbeater(config.nodeId(), store, running, config.leaseDuration());
        this.heartbeats = new BackgroundLoop("tock-heartbeats", config.heartbeatInterval(), () -> {
            if (isWorker()) {
                leaseHeartbeats.run();
            }
            registration.run();
        });
        this.reaper = new BackgroundLoop("tock-reaper", config.reaperInterval(),
                new LeaseReaper(config.nodeId(), store, this::wake, metrics));
        this.maintenance = new BackgroundLoop("tock-maintenance", config.maintenanceInterval(), store::maintain);
        this.firer = new ScheduleFirer(config.nodeId(), store, config.pollInterval(), this::wake, metrics);
        this.externalWorkers = new ExternalWorkers(store, config.pollInterval(), config.heartbeatInterval(),
                config.outputTailChars(), metrics);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Registers this node and starts its background work: with the {@code worker} role, leasing and
     * running jobs, heartbeating and reaping leases; with {@code scheduler}, firing schedules. Enqueueing
     * and every lookup work without starting.
     */
    public synchronized Tock start() {
        if (started) {
            return this;
        }
        started = true;
        registration.register();
        heartbeats.start();
        maintenance.start();
        store.addWakeupListener(externalWorkers::wake);
        if (isWorker()) {
            store.addWakeupListener(dispatcher::wake);
            completions.start();
            reaper.start();
            dispatcher.start();
        }
        if (config.hasRole(NodeRole.SCHEDULER)) {
            firer.start();
        }
        log.info("Tock node started on {} store: {} handlers={} executors={}", store.kind(), config.summary(),
                handlers.localTypes(), handlers.executorKinds());
        return this;
    }

    /** Enqueues one job. */
    public Enqueued enqueue(NewJob job) {
        return enqueueAll(List.of(job)).get(0);
    }

    /** Enqueues jobs in one transaction: all are validated first, and none is stored if any is invalid. */
    public List<Enqueued> enqueueAll(List<NewJob> jobs) {
        jobs.forEach(this::validate);
        List<Enqueued> result = store.enqueue(jobs);
        wake();
        metrics.enqueued(jobs, result);
        return result;
    }

    /**
     * Checks a job as {@link #enqueue} does (type known here or an executor this node accepts, payload
     * valid) without storing it.
     */
    public void validate(NewJob job) {
        requireRunnable(job.type(), job.executor());
        payloads.validate(job.payload());
    }

    /** Checks a schedule's job template as {@link #saveSchedule} does, without saving anything. */
    public void validate(dev.tock.model.JobTemplate template) {
        requireRunnable(template.type(), template.executor());
        payloads.validate(template.payload());
    }

    private void requireRunnable(String type, Optional<dev.tock.model.Executor> executor) {
        if (executor.isPresent()) {
            executors.requireAccepted(executor.get());
        } else {
            handlers.requireKnown(type);
        }
    }

    public Optional<Job> find(JobId id) {
        return store.find(id);
    }

    public Job get(JobId id) {
        return store.find(id).orElseThrow(() -> new JobNotFoundException(id));
    }

    public List<Attempt> attempts(JobId id) {
        return store.attempts(id);
    }

    /**
     * One page of a namespace's jobs, newest first, filtered by the query; pass the page's
     * {@code nextCursor} to {@link JobQuery#withCursor} for the next.
     *
     * @throws dev.tock.model.UnknownNamespaceException when the namespace does not exist
     * @throws dev.tock.model.InvalidQueryException naming the field of a bad limit or cursor
     */
    public JobPage listJobs(JobQuery query) {
        return store.listJobs(query);
    }

    /**
     * Runs a dead or cancelled job again, now, with a fresh attempt budget; its earlier attempts stay
     * in its history and attempt numbers continue. Every node's dispatcher is woken.
     *
     * @return the job, now ready
     * @throws JobNotFoundException when no such job exists
     * @throws dev.tock.model.JobStateConflictException when the job is neither dead nor cancelled
     */
    public Job retry(JobId id) {
        Job job = store.retry(id);
        log.atInfo().addKeyValue("job", id).addKeyValue("node", config.nodeId())
                .log("job {} retried by hand after {} attempts", id, job.attemptsBeforeRetry());
        dispatcher.wake();
        return job;
    }

    /**
     * Makes a job waiting for its time (scheduled, or failed and waiting for its retry) due now; every
     * node's dispatcher is woken.
     *
     * @return the job as it is now
     * @throws JobNotFoundException when no such job exists
     * @throws dev.tock.model.JobStateConflictException when it is running, finished, or held back by its schedule
     */
    public Job runNow(JobId id) {
        Job job = store.runNow(id);
        log.atInfo().addKeyValue("job", id).addKeyValue("node", config.nodeId()).log("job {} made due now by hand", id);
        dispatcher.wake();
        return job;
    }

    /** Cancels a job that has not finished; a job running on this node is interrupted at once, elsewhere at its next heartbeat. */
    public CancelResult cancel(JobId id) {
        CancelResult result = store.cancel(id);
        if (result.cancelled() && result.previous() == JobState.RUNNING) {
            running.get(id).ifPresent(job -> {
                if (job.revoke(RunningJob.Revocation.CANCELLED)) {
                    running.remove(id);
                }
            });
        }
        return result;
    }

    /** Creates or updates a queue's limit and paused flag. */
    public void saveQueue(Queue queue) {
        store.saveQueue(queue);
        dispatcher.wake();
    }

    public Queue queue(String namespace, String name) {
        return store.findQueue(namespace, name).orElse(Queue.of(namespace, name));
    }

    public void pauseQueue(String namespace, String name) {
        saveQueue(queue(namespace, name).withPaused(true));
    }

    public void resumeQueue(String namespace, String name) {
        saveQueue(queue(namespace, name).withPaused(false));
    }

    /**
     * Deletes a queue's settings (limit, paused flag). Finished jobs in it stay.
     *
     * @return false when the queue had no settings
     * @throws dev.tock.model.QueueNotEmptyException while jobs wait or run in it
     * @throws dev.tock.model.UnknownNamespaceException when the namespace does not exist
     */
    public boolean deleteQueue(String namespace, String name) {
        Names.requireResourceName("namespace", namespace);
        Names.requireResourceName("queue", name);
        return store.deleteQueue(namespace, name);
    }

    /**
     * Every queue of a namespace that has settings or jobs, by name: job counts by state (finished
     * ones within {@link QueueStats#FINISHED_WINDOW}), limit, paused flag and start lag (how long its
     * longest-waiting due job has waited).
     *
     * @throws dev.tock.model.UnknownNamespaceException when the namespace does not exist
     */
    public List<QueueStats> queueStats(String namespace) {
        return store.queueStats(namespace);
    }

    public void createNamespace(String namespace) {
        Names.requireResourceName("namespace", namespace);
        store.createNamespace(namespace);
    }

    /** Every namespace's name, sorted. */
    public List<String> namespaces() {
        return store.namespaces();
    }

    /** Jobs finished and attempts failed in a namespace from {@code from} until now, in buckets (see {@link dev.tock.store.JobStore#throughput}). */
    public List<ThroughputBucket> throughput(String namespace, Instant from, Duration bucket) {
        return store.throughput(namespace, from, bucket);
    }

    /** The namespace's latest failed attempts, newest first. */
    public List<RecentFailure> recentFailures(String namespace, int limit) {
        return store.recentFailures(namespace, limit);
    }

    public Map<JobState, Long> countByState(String namespace) {
        return store.countByState(namespace);
    }

    // ---- schedules -----------------------------------------------------------------------------

    /**
     * Creates or replaces a schedule. Its template is checked like a job (type known, payload valid)
     * now rather than at its first fire.
     */
    public void saveSchedule(Schedule schedule) {
        validate(schedule.template());
        store.saveSchedule(schedule);
        firer.reload();
    }

    public Optional<StoredSchedule> findSchedule(String namespace, String name) {
        return store.findSchedule(namespace, name);
    }

    public StoredSchedule schedule(String namespace, String name) {
        return findSchedule(namespace, name).orElseThrow(() -> new ScheduleNotFoundException(namespace, name));
    }

    public List<StoredSchedule> schedules(String namespace) {
        return store.schedules(namespace);
    }

    public boolean deleteSchedule(String namespace, String name) {
        boolean deleted = store.deleteSchedule(namespace, name);
        firer.reload();
        return deleted;
    }

    /** Stops firing; nominal times while suspended are not fired later. */
    public void suspendSchedule(String namespace, String name) {
        saveSchedule(schedule(namespace, name).schedule().withSuspended(true));
    }

    /** Fires again from now on. */
    public void resumeSchedule(String namespace, String name) {
        saveSchedule(schedule(namespace, name).schedule().withSuspended(false));
    }

    /**
     * Fires the schedule now, by hand. The overlap policy applies unless {@code bypassOverlap}.
     *
     * @return the fire record; its outcome is skipped when the overlap policy refused
     */
    public ScheduleFire triggerSchedule(String namespace, String name, boolean bypassOverlap) {
        Schedule schedule = schedule(namespace, name).schedule();
        List<ScheduleFire> recorded = store.recordFires(FirePlanner.trigger(schedule, config.nodeId(), store.now(), bypassOverlap));
        metrics.fired(recorded);
        wake();
        return recorded.stream().findFirst()
                .orElseThrow(() -> new TockException("schedule " + name + " was triggered at the same instant already"));
    }

    /** Most nominal times one backfill may cover. */
    public static final int MAX_BACKFILL = 10_000;

    /**
     * Runs the schedule now for every nominal time in {@code [from, to)} that never fired (no record,
     * or recorded as skipped, missed or coalesced), under {@code overlap} instead of its own policy.
     * A nominal time that fired is never fired again.
     */
    public List<ScheduleFire> backfillSchedule(String namespace, String name, Instant from, Instant to, OverlapPolicy overlap) {
        Schedule s = schedule(namespace, name).schedule();
        Instant now = store.now();
        if (!from.isBefore(to) || to.isAfter(now)) {
            throw new InvalidJobException("backfill", "needs a past range: from before to, and to not after now (" + now + ")");
        }
        List<Instant> nominal = new ArrayList<>();
        Optional<Instant> next = s.cron().nextAfter(from.minusNanos(1), s.timeZone(), s.dstGap(), s.dstOverlap());
        while (next.isPresent() && next.get().isBefore(to)) {
            if (nominal.size() == MAX_BACKFILL) {
                throw new InvalidJobException("backfill", "covers more than " + MAX_BACKFILL + " nominal times; split the range");
            }
            nominal.add(next.get());
            next = s.cron().nextAfter(next.get(), s.timeZone(), s.dstGap(), s.dstOverlap());
        }
        List<ScheduleFire> recorded = store.recordFires(FirePlanner.backfill(s, config.nodeId(), nominal, now, overlap));
        metrics.fired(recorded);
        wake();
        return recorded;
    }

    /** The next {@code count} nominal fire times, from the store's clock now. */
    public List<Instant> previewSchedule(String namespace, String name, int count) {
        Schedule s = schedule(namespace, name).schedule();
        return s.cron().next(count, store.now(), s.timeZone(), s.dstGap(), s.dstOverlap());
    }

    /** The schedule's latest fire records with outcomes, newest first. */
    public List<ScheduleFire> scheduleRuns(String namespace, String name, int limit) {
        return store.fires(namespace, name, limit);
    }

    // ---- cluster -------------------------------------------------------------------------------

    // ---- declarative apply sets -----------------------------------------------------------------

    /** What the apply set {@code name} created in the namespace, if it was ever recorded. */
    public Optional<ApplySet> applySet(String namespace, String name) {
        return store.findApplySet(namespace, name);
    }

    public List<ApplySet> applySets(String namespace) {
        return store.applySets(namespace);
    }

    /** Records (or replaces) what an apply set created. */
    public void saveApplySet(ApplySet set) {
        store.saveApplySet(set);
    }

    public boolean deleteApplySet(String namespace, String name) {
        return store.deleteApplySet(namespace, name);
    }

    /** Every node registered in the store, by id, with when each was last seen (store clock). */
    public List<NodeStatus> nodes() {
        return store.nodes();
    }

    /**
     * Forgets a node, e.g. one that vanished without stopping (maintenance forgets those after an hour
     * anyway). A node that is still running registers again at its next heartbeat.
     */
    public void removeNode(String nodeId) {
        store.removeNode(nodeId);
    }

    /** This node as it registers itself: id, roles, version, start time (store clock). */
    public NodeInfo nodeInfo() {
        return registration.info();
    }

    public JobStore store() {
        return store;
    }

    public TockConfig config() {
        return config;
    }

    /** Jobs this node is running or holding right now. */
    public int runningCount() {
        return dispatcher.inFlight();
    }

    private boolean isWorker() {
        return config.hasRole(NodeRole.WORKER);
    }

    private void wake() {
        dispatcher.wake();
        externalWorkers.wake();
    }

    /** Leasing, heartbeats and results of workers outside the cluster (the worker routes of the API). */
    public ExternalWorkers externalWorkers() {
        return externalWorkers;
    }

    /**
     * Drains and stops: no new leases; running jobs get {@code grace} to finish; the rest are
     * interrupted and their leases released so other nodes can run them at once.
     */
    public synchronized void stop(Duration grace) {
        if (stopped) {
            return;
        }
        stopped = true;
        externalWorkers.stop();
        if (started) {
            firer.stop();
            dispatcher.stop();
            releaseWhere(RunningJob.Phase.WAITING);
            awaitIdle(grace);
            releaseWhere(RunningJob.Phase.RUNNING);
            awaitIdle(Duration.ofSeconds(5));
            if (isWorker()) {
                completions.stop(10_000);
            }
            heartbeats.stop();
            reaper.stop();
            maintenance.stop();
            registration.deregister();
        }
        timeouts.shutdownNow();
        jobThreads.shutdownNow();
        executors.close();
        if (ownsStore) {
            store.close();
        }
        log.info("Tock node {} stopped", config.nodeId());
    }

    @Override
    public void close() {
        stop(config.drainGrace());
    }

    private void releaseWhere(RunningJob.Phase phase) {
        List<LeaseRef> released = new ArrayList<>();
        for (RunningJob job : running.all()) {
            if (job.phase() == phase && job.revoke(RunningJob.Revocation.SHUTDOWN)) {
                released.add(job.leased().lease());
            }
        }
        if (released.isEmpty()) {
            return;
        }
        try {
            store.release(released);
            log.info("released {} {} jobs at shutdown of node {}", released.size(), phase.name().toLowerCase(), config.nodeId());
        } catch (RuntimeException e) {
            log.warn("could not release {} leases at shutdown; they will be reaped after expiry", released.size(), e);
        }
        released.forEach(lease -> running.remove(lease.jobId()));
    }

    private void awaitIdle(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (dispatcher.inFlight() > 0 && System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Builds a {@link Tock}; {@link #build()} does not start it. */
    public static final class Builder {
        private TockConfig config = TockConfig.defaults();
        private JobStore store;
        private final Map<String, JobHandler> handlers = new HashMap<>();
        private final Set<String> remoteTypes = new HashSet<>();
        private Clock clock = Clock.systemUTC();
        private boolean acceptAnyType;
        private MeterRegistry meterRegistry = new CompositeMeterRegistry();

        private Builder() {
        }

        /**
         * Where the engine's meters go (Micrometer): jobs enqueued and completed, start lateness and
         * duration histograms, leases acquired and expired, schedule fires by outcome. None by default.
         */
        public Builder meterRegistry(MeterRegistry value) {
            this.meterRegistry = java.util.Objects.requireNonNull(value);
            return this;
        }

        /**
         * This node's wall clock, used only to time attempts. Due times, leases and schedule fires are
         * decided on the store's clock, so a node whose clock is off neither runs work early nor late.
         */
        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        public Builder config(TockConfig value) {
            this.config = value;
            return this;
        }

        /** Uses this store instead of opening one from the configuration; the caller closes it. */
        public Builder store(JobStore value) {
            this.store = value;
            return this;
        }

        /** Runs jobs of {@code type} on this node with {@code handler}. */
        public Builder handler(String type, JobHandler handler) {
            Names.requireType(type);
            if (handlers.putIfAbsent(type, handler) != null) {
                throw new IllegalArgumentException("a handler for job type " + type + " is already registered");
            }
            return this;
        }

        /** Accepts jobs of {@code type} for enqueueing although another node or worker runs them. */
        public Builder remoteType(String type) {
            remoteTypes.add(Names.requireType(type));
            return this;
        }

        /**
         * Accepts jobs and schedule templates of every type, not only those with a handler here or
         * declared with {@link #remoteType}: what a server does, whose jobs are run by workers it does
         * not know in advance. A job whose type no worker handles waits until one does.
         */
        public Builder acceptAnyType() {
            this.acceptAnyType = true;
            return this;
        }

        public Tock build() {
            return new Tock(this);
        }
    }
}
