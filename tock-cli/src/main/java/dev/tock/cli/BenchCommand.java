package dev.tock.cli;

import dev.tock.bench.tock.BenchResult;
import dev.tock.bench.tock.BenchStore;
import dev.tock.bench.tock.Benchmark;
import dev.tock.bench.tock.ExecutorBenchmarks;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tock bench}: measures enqueue and execution throughput and start lateness on a store. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {
                "Measures Tock on a store: enqueue jobs/s (one job per call from 8 producers, and in batches of 1,000),",
                "execution jobs/s of pre-enqueued no-op jobs at each worker-thread count, and the start lateness of",
                "jobs due a few seconds ahead. Ends with one JSON line per measurement.",
                "Without --db it uses a fresh embedded store in a temporary folder; with a PostgreSQL URL it works",
                "in a fresh schema that it drops afterwards."})
public final class BenchCommand implements Callable<Integer> {
    private static final int HTTP_CLIENTS = 16;
    private static final int WORKERS = 4;
    private static final int WORKER_BATCH = 100;

    @Option(names = "--db", description = "JDBC URL of the store to measure (default: a temporary embedded H2 store)")
    String db;

    @Option(names = "--jobs", defaultValue = "20000", description = "No-op jobs per execution run (default: ${DEFAULT-VALUE})")
    int jobs;

    @Option(names = "--threads", split = ",", defaultValue = "8,32", description = "Worker-thread counts to measure (default: ${DEFAULT-VALUE})")
    List<Integer> threads;

    @Option(names = "--delayed", defaultValue = "200", description = "Delayed jobs in the lateness run (default: ${DEFAULT-VALUE})")
    int delayed;

    @Option(names = "--enqueue-jobs", defaultValue = "10000", description = "Jobs per enqueue measurement (default: ${DEFAULT-VALUE})")
    int enqueueJobs;

    @Option(names = "--runs", defaultValue = "1", description = "Repeat each measurement and report the median (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--prefill-finished", defaultValue = "0",
            description = "Before measuring, run this many jobs to completion so the store holds finished history (default: ${DEFAULT-VALUE})")
    int prefillFinished;

    @Option(names = "--schedules", defaultValue = "0",
            description = "Also run this many schedules firing every second and measure how late their runs start (default: ${DEFAULT-VALUE}, off)")
    int schedules;

    @Option(names = "--schedule-seconds", defaultValue = "10", description = "How long the schedules run (default: ${DEFAULT-VALUE})")
    int scheduleSeconds;

    @Option(names = "--http-jobs", defaultValue = "10000",
            description = "Single-job requests in the REST API enqueue measurement, 16 clients; five times as many jobs go in batches (default: ${DEFAULT-VALUE}; 0 skips it)")
    int httpJobs;

    @Option(names = "--schedules-only", description = "Measure only the schedules (with --schedules), not jobs")
    boolean schedulesOnly;

    @Option(names = "--webhook-jobs", defaultValue = "0",
            description = "Also run this many HTTP executor jobs against a local no-op endpoint, 32 worker threads (default: ${DEFAULT-VALUE}, off)")
    int webhookJobs;

    @Option(names = "--worker-jobs", defaultValue = "0",
            description = "Also run this many jobs with 4 SDK workers leasing batches of 100 over HTTP (default: ${DEFAULT-VALUE}, off)")
    int workerJobs;

    @Option(names = "--worker-latency", defaultValue = "0",
            description = "Also measure how soon a long-polling worker starts each of this many jobs (default: ${DEFAULT-VALUE}, off)")
    int workerLatency;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A setting of the measured nodes, e.g. --set lease-batch-size=100 (repeatable; worker-threads comes from --threads)")
    java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        List<BenchResult> results = new ArrayList<>();
        java.util.Optional<Benchmark.ScheduleResult> scheduleResult = java.util.Optional.empty();
        java.util.Optional<Benchmark.HttpResult> httpResult = java.util.Optional.empty();
        java.util.Optional<ExecutorBenchmarks.Result> executorResult;
        String kind;
        try (BenchStore store = BenchStore.open(db)) {
            Benchmark bench = new Benchmark(store.store(), out, settings);
            kind = store.store().kind();
            out.printf("tock bench on %s store (%d CPUs, Java %s)%n", store.store().kind(),
                    Runtime.getRuntime().availableProcessors(), Runtime.version());
            if (prefillFinished > 0) {
                bench.prefillFinished(prefillFinished);
            }
            if (!schedulesOnly) {
                results.addAll(measureJobs(bench, kind));
                if (httpJobs > 0) {
                    httpResult = java.util.Optional.of(bench.httpEnqueue(httpJobs, HTTP_CLIENTS));
                }
            }
            if (schedules > 0) {
                scheduleResult = java.util.Optional.of(bench.schedules(schedules, Duration.ofSeconds(scheduleSeconds)));
            }
            executorResult = measureExecutors(bench, new ExecutorBenchmarks(store.store(), out));
        }
        BenchResult.printTable(out, results);
        results.forEach(r -> out.println(r.toJson()));
        httpResult.ifPresent(r -> out.printf(java.util.Locale.ROOT, "{\"store\":\"%s\",\"http_clients\":%d,"
                + "\"http_single_requests_per_s\":%.0f,\"http_batch_jobs_per_s\":%.0f}%n", kind, r.clients(),
                r.singleRequestsPerSecond(), r.batchJobsPerSecond()));
        scheduleResult.ifPresent(r -> out.printf(java.util.Locale.ROOT, "{\"store\":\"%s\",\"schedules\":%d,\"fires\":%d,"
                        + "\"fire_lateness_p50_ms\":%.2f,\"fire_lateness_p99_ms\":%.2f,\"fire_lateness_max_ms\":%.2f,"
                        + "\"duplicates\":%d,\"not_fired_on_time\":%d}%n", kind, r.schedules(), r.fires(), r.lateness().p50(),
                r.lateness().p99(), r.lateness().max(), r.duplicates(), r.missed()));
        executorResult.ifPresent(r -> out.printf(java.util.Locale.ROOT, "{\"store\":\"%s\",\"webhook_jobs\":%d,\"webhook_jobs_per_s\":%.0f,"
                        + "\"worker_jobs\":%d,\"workers\":%d,\"worker_jobs_per_s\":%.0f,\"worker_start_p50_ms\":%.2f,"
                        + "\"worker_start_p99_ms\":%.2f,\"worker_start_max_ms\":%.2f}%n", kind, r.webhookJobs(), r.webhookJobsPerSecond(),
                r.workerJobs(), r.workers(), r.workerJobsPerSecond(), r.workerStart().p50(), r.workerStart().p99(), r.workerStart().max()));
        out.flush();
        return 0;
    }

    private java.util.Optional<ExecutorBenchmarks.Result> measureExecutors(Benchmark jobs, ExecutorBenchmarks bench) {
        if (webhookJobs == 0 && workerJobs == 0 && workerLatency == 0) {
            return java.util.Optional.empty();
        }
        double hooks = webhookJobs > 0 ? bench.webhooks(webhookJobs, 32) : 0;
        double workers = workerJobs > 0 ? jobs.median(runs, () -> bench.externalWorkers(workerJobs, WORKERS, WORKER_BATCH)) : 0;
        var latency = workerLatency > 0 ? bench.workerStartLatency(workerLatency) : new dev.tock.bench.tock.Lateness(0, 0, 0);
        return java.util.Optional.of(new ExecutorBenchmarks.Result(webhookJobs, hooks, workerJobs, WORKERS, workers, latency));
    }

    private List<BenchResult> measureJobs(Benchmark bench, String kind) {
        double single = bench.median(runs, () -> bench.enqueueSingle(enqueueJobs, 8));
        double batch = bench.median(runs, () -> bench.enqueueBatches(enqueueJobs, 1000));
        List<Double> exec = new ArrayList<>();
        for (int t : threads) {
            exec.add(bench.median(runs, () -> bench.execute(jobs, t)));
        }
        // Last, so that it measures a warmed-up JVM rather than its JIT compiler.
        var lateness = bench.lateness(delayed, Duration.ofSeconds(3), 8);
        List<BenchResult> results = new ArrayList<>();
        for (int i = 0; i < threads.size(); i++) {
            results.add(new BenchResult(kind, threads.get(i), jobs, single, batch, exec.get(i),
                    lateness.p50(), lateness.p99(), lateness.max(), prefillFinished));
        }
        return results;
    }

    private void validate() {
        if (schedulesOnly && schedules < 1) {
            throw new IllegalArgumentException("--schedules-only needs --schedules N");
        }
        if (webhookJobs < 0 || workerJobs < 0 || workerLatency < 0) {
            throw new IllegalArgumentException("--webhook-jobs, --worker-jobs and --worker-latency must not be negative");
        }
        if (httpJobs < 0) {
            throw new IllegalArgumentException("--http-jobs must not be negative");
        }
        if (jobs < 1 || delayed < 1 || enqueueJobs < 1 || runs < 1 || prefillFinished < 0 || schedules < 0 || scheduleSeconds < 1) {
            throw new IllegalArgumentException("--jobs, --delayed, --enqueue-jobs, --runs and --schedule-seconds must be positive");
        }
        if (threads.isEmpty() || threads.stream().anyMatch(t -> t < 1 || t > 10_000)) {
            throw new IllegalArgumentException("--threads must list counts between 1 and 10000");
        }
    }
}
