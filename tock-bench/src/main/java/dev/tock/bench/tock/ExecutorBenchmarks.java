package dev.tock.bench.tock;

import com.sun.net.httpserver.HttpServer;
import dev.tock.TockException;
import dev.tock.config.TockConfig;
import dev.tock.engine.Tock;
import dev.tock.http.TockServer;
import dev.tock.model.HttpExecutor;
import dev.tock.model.JobState;
import dev.tock.model.NewJob;
import dev.tock.store.Store;
import dev.tock.worker.Worker;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What {@code tock bench} measures of executors and external workers: webhook jobs/s against a local
 * no-op endpoint, jobs/s of workers leasing over HTTP with the worker SDK, and how soon a long-polling
 * worker starts a job after it is enqueued.
 */
public final class ExecutorBenchmarks {
    private static final Duration RUN_LIMIT = Duration.ofMinutes(10);
    private static final String HOOKS = "bench-hooks";
    private static final String WORKERS = "bench-workers";

    private final Store store;
    private final PrintWriter out;

    public ExecutorBenchmarks(Store store, PrintWriter out) {
        this.store = store;
        this.out = out;
    }

    /** What was measured; a measurement not asked for is 0. */
    public record Result(int webhookJobs, double webhookJobsPerSecond, int workerJobs, int workers, double workerJobsPerSecond,
                         Lateness workerStart) {

        /** The JSON line of {@code tock bench}, measured on a {@code store} store with {@code commit} completion commits. */
        public String toJson(String store, dev.tock.store.CompletionCommit commit) {
            return String.format(java.util.Locale.ROOT, "{\"store\":\"%s\",\"completion_commit\":\"%s\",\"webhook_jobs\":%d,"
                            + "\"webhook_jobs_per_s\":%.0f,\"worker_jobs\":%d,\"workers\":%d,\"worker_jobs_per_s\":%.0f,"
                            + "\"worker_start_p50_ms\":%.2f,\"worker_start_p99_ms\":%.2f,\"worker_start_max_ms\":%.2f}", store,
                    commit.wireName(), webhookJobs, webhookJobsPerSecond, workerJobs, workers, workerJobsPerSecond, workerStart.p50(),
                    workerStart.p99(), workerStart.max());
        }
    }

    /**
     * {@code jobs} HTTP executor jobs (POST of a small payload to a local endpoint answering 204) run by one
     * node with {@code threads} worker threads, from engine start until every attempt is stored.
     */
    public double webhooks(int jobs, int threads) {
        store.namespaces().create(HOOKS);
        AtomicLong received = new AtomicLong();
        HttpServer endpoint = endpoint(received);
        try (Tock tock = Tock.builder().store(store).config(config("bench-hooks", threads)
                .httpEgressAllow(List.of("127.0.0.1/32")).build()).build()) {
            HttpExecutor hook = HttpExecutor.post("http://127.0.0.1:" + endpoint.getAddress().getPort() + "/hook");
            long before = succeeded(HOOKS);
            enqueue(tock, HOOKS, jobs, b -> b.executor(hook));
            long start = System.nanoTime();
            tock.start();
            awaitSucceeded(HOOKS, before + jobs);
            double rate = jobs / ((System.nanoTime() - start) / 1e9);
            out.printf("webhooks: %,d HTTP executor jobs against a local no-op endpoint, %d worker threads: %,.0f jobs/s%n",
                    jobs, threads, rate);
            return rate;
        } finally {
            endpoint.stop(0);
        }
    }

    /**
     * {@code jobs} no-op jobs run by {@code workers} SDK workers leasing batches of {@code batch} over
     * HTTP from a server on 127.0.0.1, from worker start until every result is stored.
     */
    public double externalWorkers(int jobs, int workers, int batch) {
        store.namespaces().create(WORKERS);
        try (Tock tock = Tock.builder().store(store).acceptAnyType().config(config("bench-server", 16).build()).build().start();
             TockServer server = TockServer.builder(tock).host("127.0.0.1").port(0).build().start()) {
            long before = succeeded(WORKERS);
            String token = workerToken();
            enqueue(tock, WORKERS, jobs, b -> { });
            List<Worker> started = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < workers; i++) {
                started.add(Worker.builder(URI.create("http://127.0.0.1:" + server.port())).name("bench-worker-" + i).token(token)
                        .namespace(WORKERS).queue("work").concurrency(batch).batchSize(batch)
                        .handler(Benchmark.NOOP, job -> { }).build().start());
            }
            awaitSucceeded(WORKERS, before + jobs);
            double rate = jobs / ((System.nanoTime() - start) / 1e9);
            started.forEach(Worker::close);
            out.printf("external workers: %,d jobs, %d SDK workers leasing batches of %d over HTTP: %,.0f jobs/s%n",
                    jobs, workers, batch, rate);
            return rate;
        }
    }

    /**
     * How long after an enqueue a long-polling worker starts the job: {@code jobs} jobs enqueued one at a
     * time on the server's node, each once the previous one started.
     */
    public Lateness workerStartLatency(int jobs) {
        store.namespaces().create(WORKERS);
        BlockingQueue<Long> startedAt = new ArrayBlockingQueue<>(1);
        double[] millis = new double[jobs];
        try (Tock tock = Tock.builder().store(store).acceptAnyType().config(config("bench-server", 16).build()).build().start();
             TockServer server = TockServer.builder(tock).host("127.0.0.1").port(0).build().start();
             Worker worker = Worker.builder(URI.create("http://127.0.0.1:" + server.port())).name("bench-poller").token(workerToken())
                     .namespace(WORKERS).queue("latency").concurrency(1).waitFor(Duration.ofSeconds(20))
                     .handler(Benchmark.NOOP, job -> startedAt.add(System.nanoTime())).build().start()) {
            sleep(Duration.ofMillis(500)); // into its first long poll
            for (int i = 0; i < jobs; i++) {
                long enqueued = System.nanoTime();
                tock.jobs().enqueue(NewJob.builder(Benchmark.NOOP).namespace(WORKERS).queue("latency").build());
                Long started = startedAt.poll(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS);
                if (started == null) {
                    throw new TockException("the long-polling worker did not start job " + i + " within " + RUN_LIMIT);
                }
                millis[i] = (started - enqueued) / 1e6;
                sleep(Duration.ofMillis(20)); // back into its long poll
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TockException("interrupted", e);
        }
        Lateness result = Lateness.of(millis);
        out.printf("long-polling worker start latency, %d jobs enqueued one by one: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                jobs, result.p50(), result.p99(), result.max());
        return result;
    }

    private static HttpServer endpoint(AtomicLong received) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/hook", exchange -> {
                exchange.getRequestBody().readAllBytes();
                received.incrementAndGet();
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new TockException("could not start the benchmark's HTTP endpoint", e);
        }
    }

    private static void enqueue(Tock tock, String namespace, int jobs, java.util.function.Consumer<NewJob.Builder> customize) {
        List<NewJob> batch = new ArrayList<>(1000);
        for (int i = 0; i < jobs; i++) {
            NewJob.Builder b = NewJob.builder(Benchmark.NOOP).namespace(namespace).queue("work").payload("{\"n\":" + i + "}");
            customize.accept(b);
            batch.add(b.build());
            if (batch.size() == 1000 || i == jobs - 1) {
                tock.jobs().enqueueAll(batch);
                batch.clear();
            }
        }
    }

    private long succeeded(String namespace) {
        return store.jobs().countByState(namespace).getOrDefault(JobState.SUCCEEDED, 0L);
    }

    /** Waits until the namespace holds {@code jobs} succeeded jobs; fails on a dead one or after the run limit. */
    private void awaitSucceeded(String namespace, long jobs) {
        long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
        while (true) {
            var counts = store.jobs().countByState(namespace);
            long succeeded = counts.getOrDefault(JobState.SUCCEEDED, 0L);
            if (succeeded >= jobs) {
                return;
            }
            if (counts.getOrDefault(JobState.DEAD, 0L) > 0 || System.nanoTime() > deadline) {
                throw new TockException("benchmark did not finish: " + counts);
            }
            sleep(Duration.ofMillis(20));
        }
    }

    private static TockConfig.Builder config(String node, int threads) {
        return TockConfig.builder().nodeId(node).workerThreads(threads).drainGrace(Duration.ofSeconds(30)).set("rate-limit", "0");
    }

    /** Measured as deployed: the SDK workers authenticate with a worker token of their namespace. */
    private String workerToken() {
        String secret = dev.tock.security.TokenSecrets.newSecret();
        String name = "bench-worker-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        store.security().createToken(new dev.tock.security.ApiToken(dev.tock.security.TokenSecrets.newId(), name, dev.tock.security.Role.WORKER,
                java.util.Set.of(WORKERS), java.util.Set.of(), store.now(), "bench", java.util.Optional.empty(), java.util.Optional.empty()),
                dev.tock.security.TokenSecrets.hash(secret));
        return secret;
    }

    private static void sleep(Duration d) {
        try {
            TimeUnit.MILLISECONDS.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TockException("interrupted", e);
        }
    }
}
