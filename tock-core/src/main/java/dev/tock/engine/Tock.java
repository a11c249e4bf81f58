package dev.tock.engine;

import dev.tock.TockVersion;
import dev.tock.config.TockConfig;
import dev.tock.handler.JobHandler;
import dev.tock.model.LeaseRef;
import dev.tock.model.Names;
import dev.tock.model.NodeRole;
import dev.tock.secret.SecretCipher;
import dev.tock.service.Alerts;
import dev.tock.service.Monitors;
import dev.tock.service.ApplySets;
import dev.tock.service.Cluster;
import dev.tock.service.Jobs;
import dev.tock.service.Namespaces;
import dev.tock.service.Queues;
import dev.tock.service.Schedules;
import dev.tock.service.Secrets;
import dev.tock.service.Security;
import dev.tock.service.Workers;
import dev.tock.service.Workflows;
import dev.tock.workflow.RunLimits;
import dev.tock.store.Store;
import dev.tock.store.StoreOptions;
import dev.tock.store.Stores;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Tock node: its lifecycle and background loops (leasing and running jobs, heartbeats, reaping,
 * firing schedules), and one service per resource — {@link #jobs()}, {@link #schedules()},
 * {@link #queues()}, {@link #secrets()}, … — through which everything else is done.
 *
 * <pre>{@code
 * try (Tock tock = Tock.builder()
 *         .config(TockConfig.defaults())
 *         .handler("email.send", ctx -> mailer.send(ctx.payloadAs(Email.class)))
 *         .build()) {
 *     tock.start();
 *     tock.jobs().enqueue(NewJob.of("email.send", "{\"to\":\"ada@example.com\"}"));
 * }
 * }</pre>
 */
public final class Tock implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Tock.class);

    private final TockConfig config;
    private final Store store;
    private final boolean ownsStore;
    private final HandlerRegistry handlers;
    private final RunningJobs running = new RunningJobs();
    private final ExecutorService jobThreads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("tock-job-", 0).factory());
    private final ScheduledThreadPoolExecutor timeouts = new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().name("tock-timeouts").daemon(true).factory());
    private final CompletionBatcher completions;
    private final JobDispatcher dispatcher;
    private final BackgroundLoop heartbeats;
    private final BackgroundLoop reaper;
    private final BackgroundLoop startRecorder;
    private final BackgroundLoop maintenance;
    private final ScheduleFirer firer;
    private final EngineMetrics metrics;
    private final NodeRegistration registration;
    private final BuiltInExecutors executors;
    private final ExternalWorkers externalWorkers;
    private final Jobs jobs;
    private final Schedules schedules;
    private final Queues queues;
    private final Namespaces namespaces;
    private final Cluster cluster;
    private final Security security;
    private final ApplySets applySets;
    private final SecretService secrets;
    private final AlertService alerts;
    private final MonitorService monitors;
    private final BackgroundLoop alertEvaluation;
    private final BackgroundLoop alertDelivery;
    private final WorkflowService workflows;
    private final BackgroundLoop workflowCatchUp;
    private volatile boolean started;
    private volatile boolean stopped;

    private Tock(Builder b) {
        this.config = b.config;
        // Read before the store opens: a bad key fails the build without leaving a pool behind.
        Optional<SecretCipher> cipher = config.secretKey().load().map(SecretCipher::new);
        this.ownsStore = b.store == null;
        this.store = ownsStore
                ? Stores.open(new StoreOptions(config.dbUrl(), config.dbPoolSize(), config.dbSchema(), config.completionCommit(),
                        config.jobRetention(), null))
                : b.store;
        Function<dev.tock.model.JobId, Optional<dev.tock.model.JobState>> jobStates = id -> store.jobs().find(id).map(dev.tock.model.Job::state);
        this.executors = new BuiltInExecutors(config, new SecretValues(store.secrets(), cipher), jobStates);
        Map<String, JobHandler> withStarter = new HashMap<>(b.handlers);
        withStarter.putIfAbsent(WorkflowStarter.TYPE, new WorkflowStarter(this::workflowService, jobStates, Duration.ofMillis(200)));
        this.handlers = new HandlerRegistry(withStarter, b.remoteTypes, b.acceptAnyType, executors.handlers());
        timeouts.setRemoveOnCancelPolicy(true);
        this.metrics = new EngineMetrics(b.meterRegistry);
        this.completions = new CompletionBatcher(store.heldLeases(), running, this::wake);
        StartRecorder starts = new StartRecorder(config.nodeId(), store.heldLeases());
        this.startRecorder = new BackgroundLoop("tock-starts", StartRecorder.INTERVAL, starts);
        JobRunner runner = new JobRunner(config.nodeId(), handlers, new Semaphore(config.workerThreads()), timeouts,
                completions, starts, config.outputTailChars(), b.clock, metrics, new StepOutputs(config.maxStepOutputBytes()));
        this.dispatcher = new JobDispatcher(config.nodeId(), store.leases(), handlers.localTypes(), handlers.executorKinds(), running, runner, jobThreads,
                completions::backlog, config.workerThreads(), config.leaseBatchSize(), config.leaseDuration(), config.pollInterval(),
                metrics);
        completions.handOffTo(dispatcher);
        this.registration = new NodeRegistration(store, config.nodeId(), config.roles(), TockVersion.current(), handles());
        LeaseHeartbeater leaseHeartbeats = new LeaseHeartbeater(config.nodeId(), store.heldLeases(), running, config.leaseDuration());
        this.heartbeats = new BackgroundLoop("tock-heartbeats", config.heartbeatInterval(), () -> {
            if (isWorker()) {
                leaseHeartbeats.run();
            }
            registration.run();
        });
        this.reaper = new BackgroundLoop("tock-reaper", config.reaperInterval(),
                new LeaseReaper(config.nodeId(), store.heldLeases(), this::wake, metrics));
        this.maintenance = new BackgroundLoop("tock-maintenance", config.maintenanceInterval(), store::maintain);
        this.firer = new ScheduleFirer(config.nodeId(), store, config.pollInterval(), this::wake, metrics);
        this.externalWorkers = new ExternalWorkers(store, config.pollInterval(), config.heartbeatInterval(),
                config.outputTailChars(), config.leaseDuration(), metrics, new StepOutputs(config.maxStepOutputBytes()));
        JobValidator validator = new JobValidator(handlers, executors, new PayloadValidator(config.maxPayloadBytes()),
                store.secrets());
        this.jobs = new JobService(store, validator, running, metrics, this::wake, config.nodeId(),
                starter -> WorkflowStarter.cancelRun(workflowService(), starter));
        this.schedules = new ScheduleService(store, validator, firer, metrics, this::wake, config.nodeId());
        this.queues = new QueueService(store.queues(), this::wake, store.cluster()::nodes);
        this.namespaces = new NamespaceService(store.namespaces());
        this.cluster = new ClusterService(store, registration, dispatcher::inFlight);
        this.security = new SecurityService(store);
        this.applySets = new ApplySetService(store.applySets());
        this.secrets = new SecretService(store.secrets(), cipher);
        // Alerts are evaluated and sent by scheduler nodes in loops of their own, never on the completion path.
        this.alerts = new AlertService(store, config.nodeId(), config.egressPolicy(), new SecretValues(store.secrets(), cipher),
                store::now, this::wakeAlertDelivery);
        this.monitors = new MonitorService(store.monitors());
        this.alertEvaluation = new BackgroundLoop("tock-alerts", AlertService.EVALUATION_INTERVAL, alerts::evaluate);
        this.alertDelivery = new BackgroundLoop("tock-alert-delivery", AlertService.EVALUATION_INTERVAL, alerts::deliver);
        this.workflows = new WorkflowService(store, validator, new RunLimits(config.maxFanOut(), config.maxStepOutputBytes()),
                this::wake);
        this.workflowCatchUp = new BackgroundLoop("tock-workflows", config.reaperInterval(), new WorkflowCatchUp(store.workflows()));
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
        secrets.checkKey();
        heartbeats.start();
        maintenance.start();
        store.addWakeupListener(externalWorkers::wake);
        store.addRunListener(metrics);
        if (isWorker()) {
            store.addWakeupListener(dispatcher::wake);
            completions.start();
            startRecorder.start();
            reaper.start();
            workflowCatchUp.start();
            dispatcher.start();
        }
        if (config.hasRole(NodeRole.SCHEDULER)) {
            firer.start();
            alertEvaluation.start();
            alertDelivery.start();
        }
        log.info("Tock node started on {} store: {} handlers={} executors={}", store.kind(), config.summary(),
                handlers.localTypes(), handlers.executorKinds());
        return this;
    }

    /** Jobs: enqueue, look up, list, retry, run now, cancel. */
    public Jobs jobs() {
        return jobs;
    }

    /** Schedules (CronJobs): define, suspend, trigger, backfill, preview, and their fire records. */
    public Schedules schedules() {
        return schedules;
    }

    /** Queues: concurrency limit, pause and resume, job counts. */
    public Queues queues() {
        return queues;
    }

    public Namespaces namespaces() {
        return namespaces;
    }

    /** The nodes sharing the store, and this node's own state and readiness. */
    public Cluster cluster() {
        return cluster;
    }

    /** API tokens, dashboard sessions, the audit log and the first admin token. */
    public Security security() {
        return security;
    }

    /** What each declarative apply set created. */
    public ApplySets applySets() {
        return applySets;
    }

    /** Secrets: encrypted values that executors reference and that are never shown. */
    public Secrets secrets() {
        return secrets;
    }

    /** Alert rules, channels, silences and the alerts they raise. */
    public Alerts alerts() {
        return alerts;
    }

    /** Heartbeat monitors: work that runs elsewhere pings Tock, and alert rules watch it. */
    public Monitors monitors() {
        return monitors;
    }

    private WorkflowService workflowService() {
        return workflows;
    }

    /** Workflows: steps joined by needs, fan-out and fan-in, and their runs. */
    public Workflows workflows() {
        return workflows;
    }

    /** Workers outside the cluster that lease jobs over the API (the worker routes). */
    public Workers workers() {
        return externalWorkers;
    }

    public TockConfig config() {
        return config;
    }

    /** What this node runs, as its registration tells the cluster: nothing unless it has the worker role. */
    private java.util.Set<String> handles() {
        java.util.Set<String> handles = new java.util.HashSet<>();
        if (isWorker()) {
            handlers.localTypes().forEach(t -> handles.add(dev.tock.model.NodeInfo.type(t)));
            handlers.executorKinds().forEach(k -> handles.add(dev.tock.model.NodeInfo.executor(k)));
        }
        return handles;
    }

    private boolean isWorker() {
        return config.hasRole(NodeRole.WORKER);
    }

    private void wakeAlertDelivery() {
        alertDelivery.wake();
    }

    private void wake() {
        dispatcher.wake();
        externalWorkers.wake();
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
            alertEvaluation.stop();
            alertDelivery.stop();
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
            startRecorder.stop();
            reaper.stop();
            workflowCatchUp.stop();
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
            store.heldLeases().release(released);
            log.info("released {} {} jobs at shutdown of node {}", released.size(), phase.name().toLowerCase(), config.nodeId());
        } catch (RuntimeException e) {
            log.warn("could not release {} leases at shutdown; they will be reaped after expiry", released.size(), e);
        }
        released.forEach(running::remove);
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
        private Store store;
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
            this.meterRegistry = Objects.requireNonNull(value);
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

        /**
         * Uses this store instead of opening one from the configuration; the caller closes it. The store's own
         * {@link dev.tock.store.StoreOptions} then apply, not the configuration's {@code db-*} and
         * {@code completion-commit}.
         */
        public Builder store(Store value) {
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
