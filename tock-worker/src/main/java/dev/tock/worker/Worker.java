package dev.tock.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs of a remote Tock: leases jobs of one queue, or of several queues by weight, over the HTTP API
 * (long-polling, in batches),
 * runs each with the handler registered for its type on a virtual thread, heartbeats the leases it
 * holds, and reports results in batches. It backs off while the server cannot be reached, and on
 * {@link #close()} drains: it stops leasing, lets running jobs finish within the drain grace, gives back
 * the leases of those that did not (they run again elsewhere, no attempt counted) and reports the rest.
 *
 * <pre>{@code
 * Worker worker = Worker.builder(URI.create("http://tock:8080"))
 *         .name("mailer-1").queue("mail").concurrency(32)
 *         .handler("email.send", job -> mailer.send(job.payloadAs(Email.class)))
 *         .build().start();
 * Runtime.getRuntime().addShutdownHook(new Thread(worker::close));
 * }</pre>
 */
public final class Worker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    private static final int MAX_RESULTS_PER_REPORT = 1000;
    private static final long REFILL_WAIT_MILLIS = 50;

    private final ObjectMapper json = new ObjectMapper();
    private final Builder config;
    private final Map<String, WorkerHandler> handlers;
    private final TockClient client;
    private final Semaphore slots;
    /** Jobs leased and not yet reported: running, or finished with a result waiting to be sent. */
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<ObjectNode> results = new LinkedBlockingQueue<>();
    private final AtomicLong completed = new AtomicLong();
    /** Free slots the lease loop waits for before it leases again. */
    private final int refillAt;
    private volatile boolean stopping;
    private volatile boolean reporterStop;
    private Thread leaser;
    private Thread heartbeater;
    private Thread reporter;

    /** A held lease: the job, its handler's thread, and whether it was taken away. */
    private static final class Held {
        final WorkerJob job;
        volatile Thread thread;
        volatile boolean abandoned;
        volatile boolean timedOut;

        Held(WorkerJob job) {
            this.job = job;
        }
    }

    private Worker(Builder b) {
        this.config = b;
        this.refillAt = Math.max(1, b.batchSize / 2);
        this.handlers = Map.copyOf(b.handlers);
        this.client = new TockClient(json, b.server, b.namespace, b.name, "tock-worker/" + version(),
                java.util.Optional.ofNullable(b.token));
        this.slots = new Semaphore(b.concurrency);
    }

    /** A worker of the Tock server at {@code server}, e.g. {@code http://tock:8080}. */
    public static Builder builder(URI server) {
        return new Builder(server);
    }

    /** Starts leasing, heartbeating and reporting; returns at once. */
    public synchronized Worker start() {
        if (leaser != null) {
            return this;
        }
        leaser = Thread.ofVirtual().name("tock-worker-lease").start(this::leaseLoop);
        heartbeater = Thread.ofVirtual().name("tock-worker-heartbeat").start(this::heartbeatLoop);
        reporter = Thread.ofVirtual().name("tock-worker-report").start(this::reportLoop);
        log.info("worker {} started: queues {} of namespace {} at {}, types {}, concurrency {}", config.name,
                config.queues.isEmpty() ? List.of(config.queue) : config.queues,
                config.namespace, config.server, handlers.keySet(), config.concurrency);
        return this;
    }

    /** This worker's name, as it appears in {@code /v1/cluster}. */
    public String name() {
        return config.name;
    }

    /** Jobs whose handlers are running now. */
    public int running() {
        return config.concurrency - slots.availablePermits();
    }

    /** Jobs whose results the server has accepted (or refused) since start. */
    public long completed() {
        return completed.get();
    }

    /** Drains within the configured grace, then stops. */
    @Override
    public void close() {
        stop(config.drainGrace);
    }

    /**
     * Stops leasing, waits up to {@code grace} for running jobs, interrupts the rest and gives back their
     * leases, sends every result, stops heartbeating, then leaves the cluster's node list.
     */
    public synchronized void stop(Duration grace) {
        if (leaser == null || stopping) {
            return;
        }
        stopping = true;
        endLeasing();
        long deadline = System.nanoTime() + grace.toNanos();
        while (running() > 0 && System.nanoTime() < deadline) {
            sleep(10);
        }
        releaseUnfinished();
        reporterStop = true;
        join(reporter);
        heartbeater.interrupt();
        join(heartbeater);
        announceStopped();
        client.close();
        log.info("worker {} stopped", config.name);
    }

    // ---- leasing and running ------------------------------------------------------------------

    private void leaseLoop() {
        Backoff backoff = new Backoff(config.minBackoff, config.maxBackoff);
        while (!stopping) {
            int taken;
            try {
                // Waits briefly for half a batch of free slots, so that each round trip brings a worthwhile
                // batch rather than one job per finished handler; then for any one (long jobs may hold the
                // rest); then takes every free slot up to a batch.
                if (slots.tryAcquire(refillAt, REFILL_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                    taken = refillAt;
                } else {
                    slots.acquire();
                    taken = 1;
                }
                taken += slots.drainPermits();
                if (taken > config.batchSize) {
                    slots.release(taken - config.batchSize);
                    taken = config.batchSize;
                }
            } catch (InterruptedException e) {
                return;
            }
            List<JsonNode> jobs;
            try {
                jobs = config.queues.isEmpty()
                        ? client.lease(config.queue, taken, config.waitFor, config.leaseDuration, handlers.keySet())
                        : client.lease(config.queues, config.weights, taken, config.waitFor, config.leaseDuration, handlers.keySet());
                backoff.reset();
            } catch (InterruptedException e) {
                slots.release(taken);
                return;
            } catch (WorkerException e) {
                slots.release(taken);
                Duration wait = backoff.next();
                logUnreachable(e, backoff, wait);
                if (!sleepInterruptibly(wait)) {
                    return;
                }
                continue;
            }
            slots.release(taken - jobs.size());
            if (stopping) {
                giveBack(jobs);
                // Their slots too: a stop waits for running jobs by the slots taken, and these never run here.
                slots.release(jobs.size());
                return;
            }
            for (JsonNode leased : jobs) {
                start(new WorkerJob(json, leased));
            }
        }
    }

    /**
     * Ends the lease loop: tells the server this worker is stopping, which ends its waiting lease request
     * without leasing into a connection nobody will read; interrupts the loop if that does not work.
     */
    private void endLeasing() {
        try {
            client.release(List.of(), true);
            leaser.join(Duration.ofSeconds(5));
        } catch (WorkerException e) {
            log.debug("worker {}: could not announce its stop: {}", config.name, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (leaser.isAlive()) {
            leaser.interrupt();
            join(leaser);
        }
    }

    /**
     * Says once more that it is stopping, after its last heartbeat and result: the server takes it out of
     * the cluster's node list (the first word, before draining, was followed by heartbeats that keep it listed).
     */
    private void announceStopped() {
        try {
            client.release(List.of(), true);
        } catch (WorkerException e) {
            log.debug("worker {}: could not announce that it stopped: {}", config.name, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Jobs leased just as the worker stopped: given back at once. */
    private void giveBack(List<JsonNode> jobs) {
        if (jobs.isEmpty()) {
            return;
        }
        List<TockClient.Lease> leases = jobs.stream().map(j -> new TockClient.Lease(j.get("id").asText(),
                j.get("leaseToken").asText())).toList();
        try {
            client.release(leases, false);
        } catch (WorkerException | InterruptedException e) {
            log.warn("worker {}: could not give back {} jobs leased as it stopped; they run again once their leases expire",
                    config.name, leases.size());
        }
    }

    private void logUnreachable(WorkerException e, Backoff backoff, Duration wait) {
        if (backoff.failures() == 1 || backoff.failures() % 10 == 0) {
            log.warn("worker {}: leasing failed ({} in a row), next try in {} ms: {}", config.name, backoff.failures(),
                    wait.toMillis(), e.getMessage());
        }
    }

    private void start(WorkerJob job) {
        Held h = new Held(job);
        held.put(job.id(), h);
        Thread.ofVirtual().name("tock-worker-job-", 0).start(() -> run(h));
    }

    private void run(Held h) {
        h.thread = Thread.currentThread();
        WorkerJob job = h.job;
        ObjectNode result = json.createObjectNode().put("id", job.id()).put("leaseToken", job.leaseToken());
        Thread timer = job.timeout().map(t -> Thread.ofVirtual().start(() -> timeOut(h, t))).orElse(null);
        try {
            WorkerHandler handler = handlers.get(job.type());
            if (handler == null) {
                throw JobFailure.permanent("worker " + config.name + " has no handler for job type " + job.type());
            }
            handler.handle(job);
            result.put("outcome", "succeeded");
        } catch (JobFailure f) {
            failed(result, f.getMessage(), f.retryable());
            f.retryAfter().ifPresent(d -> result.put("retryAfter", d.toMillis() + "ms"));
        } catch (Throwable t) {
            failed(result, h.timedOut ? "timed out after " + job.timeout().orElseThrow().toMillis() + " ms on worker " + config.name
                    : t.getClass().getName() + ": " + t.getMessage(), true);
        } finally {
            if (timer != null) {
                timer.interrupt();
            }
            h.thread = null;
            Thread.interrupted();
            slots.release();
        }
        if (h.abandoned) {
            return; // lease lost or given back: the server would refuse the result
        }
        job.outputText().ifPresent(o -> result.put("output", o));
        job.resultValue().ifPresent(r -> result.set("result", r));
        results.add(result);
    }

    /** Interrupts the handler when the job's timeout passes; the attempt then fails, retryable. */
    private static void timeOut(Held h, Duration timeout) {
        try {
            Thread.sleep(timeout.toMillis());
        } catch (InterruptedException e) {
            return; // the handler finished first
        }
        Thread t = h.thread;
        if (t != null) {
            h.timedOut = true;
            t.interrupt();
        }
    }

    private static void failed(ObjectNode result, String error, boolean retryable) {
        result.put("outcome", "failed").put("error", String.valueOf(error)).put("retryable", retryable);
    }

    // ---- reporting, heartbeats, release --------------------------------------------------------

    private void reportLoop() {
        Backoff backoff = new Backoff(config.minBackoff, config.maxBackoff);
        List<ObjectNode> batch = new ArrayList<>();
        while (true) {
            try {
                ObjectNode first = results.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (reporterStop && results.isEmpty()) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                results.drainTo(batch, MAX_RESULTS_PER_REPORT - 1);
                send(batch, backoff);
                batch.clear();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Sends one batch of results, trying again while the server is unreachable (giving up only when stopping). */
    private void send(List<ObjectNode> batch, Backoff backoff) throws InterruptedException {
        while (true) {
            try {
                Set<String> refused = client.results(batch);
                backoff.reset();
                for (ObjectNode r : batch) {
                    held.remove(r.get("id").asText());
                }
                completed.addAndGet(batch.size());
                if (!refused.isEmpty()) {
                    log.warn("worker {}: results of {} jobs refused, their leases were lost: {}", config.name, refused.size(), refused);
                }
                return;
            } catch (WorkerException e) {
                Duration wait = backoff.next();
                if (reporterStop && backoff.failures() > 5) {
                    log.warn("worker {}: giving up reporting {} results at shutdown; their jobs run again once their leases expire",
                            config.name, batch.size());
                    return;
                }
                log.warn("worker {}: reporting {} results failed, next try in {} ms: {}", config.name, batch.size(), wait.toMillis(),
                        e.getMessage());
                Thread.sleep(wait.toMillis());
            }
        }
    }

    private void heartbeatLoop() {
        int failures = 0;
        while (true) {
            if (!sleepInterruptibly(config.heartbeatInterval)) {
                return;
            }
            List<TockClient.Lease> leases = leases(held.values());
            try {
                Set<String> lost = client.heartbeat(leases, config.leaseDuration);
                for (String id : lost) {
                    Held h = held.remove(id);
                    if (h != null) {
                        abandon(h);
                        log.warn("worker {}: lease on job {} was lost (expired, cancelled or leased again); handler interrupted",
                                config.name, id);
                    }
                }
                failures = 0;
            } catch (WorkerException e) {
                failures++;
                if (failures == 1 || failures % 10 == 0) {
                    log.warn("worker {}: heartbeat of {} leases failed ({} in a row): {}", config.name, leases.size(), failures,
                            e.getMessage());
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** At shutdown: interrupts handlers still running and gives their leases back. */
    private void releaseUnfinished() {
        List<Held> unfinished = new ArrayList<>();
        for (Held h : held.values()) {
            if (h.thread != null) {
                abandon(h);
                held.remove(h.job.id());
                unfinished.add(h);
            }
        }
        if (unfinished.isEmpty()) {
            return;
        }
        try {
            Set<String> refused = client.release(leases(unfinished), false);
            log.info("worker {}: gave back {} unfinished jobs at shutdown{}", config.name, unfinished.size() - refused.size(),
                    refused.isEmpty() ? "" : "; " + refused.size() + " leases were already lost: " + refused);
        } catch (WorkerException | InterruptedException e) {
            log.warn("worker {}: could not give back {} leases at shutdown; they run again once expired: {}", config.name,
                    unfinished.size(), e.getMessage());
        }
    }

    private static void abandon(Held h) {
        h.abandoned = true;
        Thread t = h.thread;
        if (t != null) {
            t.interrupt();
        }
    }

    private static List<TockClient.Lease> leases(java.util.Collection<Held> jobs) {
        List<TockClient.Lease> leases = new ArrayList<>(jobs.size());
        for (Held h : jobs) {
            leases.add(new TockClient.Lease(h.job.id(), h.job.leaseToken()));
        }
        return leases;
    }

    private static boolean sleepInterruptibly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread t) {
        try {
            t.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String version() {
        String v = Worker.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Builds a {@link Worker}; every setting has a default but the queue and at least one handler. */
    public static final class Builder {
        private final URI server;
        private String name = defaultName();
        private String namespace = "default";
        private String queue = "default";
        private List<String> queues = List.of();
        private Map<String, Integer> weights = Map.of();
        private int concurrency = 16;
        private int batchSize = 100;
        private Duration waitFor = Duration.ofSeconds(20);
        private Duration leaseDuration = Duration.ofSeconds(30);
        private Duration heartbeatInterval = Duration.ofSeconds(10);
        private Duration drainGrace = Duration.ofSeconds(30);
        private Duration minBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private final Map<String, WorkerHandler> handlers = new HashMap<>();
        private String token;

        private Builder(URI server) {
            this.server = Objects.requireNonNull(server, "server");
        }

        /** Unique among workers and nodes (default: host name and process id). */
        public Builder name(String value) { name = Objects.requireNonNull(value); return this; }
        public Builder namespace(String value) { namespace = Objects.requireNonNull(value); return this; }
        /**
         * The API token every request sends ({@code Authorization: Bearer}): a {@code worker} token of the
         * namespace, e.g. {@code System.getenv("TOCK_TOKEN")}. Needed unless the server runs without authentication.
         */
        public Builder token(String value) { token = Objects.requireNonNull(value); return this; }
        public Builder queue(String value) { queue = Objects.requireNonNull(value); queues = List.of(); return this; }
        /** Leases from several queues in each request instead of one, sharing each batch equally among them. */
        public Builder queues(List<String> values) { return queues(values, Map.of()); }
        /**
         * Leases from several queues in each request instead of one, sharing each batch by weight
         * (default 1 for a queue not named): {@code queues(List.of("a", "b"), Map.of("a", 3))}.
         */
        public Builder queues(List<String> values, Map<String, Integer> queueWeights) {
            if (values.isEmpty()) {
                throw new IllegalArgumentException("name at least one queue");
            }
            queues = List.copyOf(values);
            weights = Map.copyOf(queueWeights);
            return this;
        }
        /** Most jobs running at once, each on a virtual thread (default 16). */
        public Builder concurrency(int value) { concurrency = positive("concurrency", value); return this; }
        /** Most jobs leased in one request, 1-1000 (default 100). */
        public Builder batchSize(int value) {
            if (value < 1 || value > 1000) {
                throw new IllegalArgumentException("batchSize must be between 1 and 1000, was " + value);
            }
            batchSize = value;
            return this;
        }
        /** How long a lease request waits for work, up to 20s (default 20s). */
        public Builder waitFor(Duration value) { waitFor = Objects.requireNonNull(value); return this; }
        /** How long a lease lasts without a heartbeat (default 30s); longer than the heartbeat interval. */
        public Builder leaseDuration(Duration value) { leaseDuration = Objects.requireNonNull(value); return this; }
        public Builder heartbeatInterval(Duration value) { heartbeatInterval = Objects.requireNonNull(value); return this; }
        /** How long {@link #close()} lets running jobs finish (default 30s). */
        public Builder drainGrace(Duration value) { drainGrace = Objects.requireNonNull(value); return this; }
        /** The first and the longest wait between tries while the server cannot be reached (default 100ms, 30s). */
        public Builder backoff(Duration first, Duration longest) { minBackoff = first; maxBackoff = longest; return this; }

        /** Runs jobs of {@code type}; the worker leases only the types it has handlers for. */
        public Builder handler(String type, WorkerHandler handler) {
            if (handlers.putIfAbsent(Objects.requireNonNull(type), Objects.requireNonNull(handler)) != null) {
                throw new IllegalArgumentException("a handler for job type " + type + " is already registered");
            }
            return this;
        }

        public Worker build() {
            if (handlers.isEmpty()) {
                throw new IllegalArgumentException("register at least one handler");
            }
            if (heartbeatInterval.compareTo(leaseDuration) >= 0) {
                throw new IllegalArgumentException("heartbeatInterval (" + heartbeatInterval + ") must be shorter than leaseDuration ("
                        + leaseDuration + ")");
            }
            if (batchSize > concurrency) {
                batchSize = concurrency;
            }
            return new Worker(this);
        }

        private static int positive(String what, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(what + " must be positive, was " + value);
            }
            return value;
        }

        private static String defaultName() {
            String host = System.getenv().getOrDefault("HOSTNAME", "");
            if (host.isBlank()) {
                try {
                    host = java.net.InetAddress.getLocalHost().getHostName();
                } catch (java.io.IOException e) {
                    host = "worker";
                }
            }
            return host + "-" + ProcessHandle.current().pid();
        }
    }
}
