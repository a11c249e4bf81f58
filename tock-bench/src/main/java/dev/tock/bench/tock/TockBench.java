package dev.tock.bench.tock;

import dev.tock.store.CompletionCommit;
import dev.tock.store.Store;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code tock bench}: the measurements its {@link BenchOptions} ask for, on a throwaway store per completion
 * commit mode (durable, then fast). Prints a line per measurement as it ends, then a table with a row per mode
 * and thread count, then one JSON line per measurement.
 */
public final class TockBench {
    private static final int HTTP_CLIENTS = 16;
    private static final int WEBHOOK_THREADS = 32;
    private static final int WORKERS = 4;
    private static final int WORKER_BATCH = 100;

    private final BenchOptions options;
    private final PrintWriter out;

    /** Fails at once on options that cannot be measured. */
    public TockBench(BenchOptions options, PrintWriter out) {
        options.validate();
        this.options = options;
        this.out = out;
    }

    public void run() {
        List<BenchResult> results = new ArrayList<>();
        List<String> otherJson = new ArrayList<>();
        for (CompletionCommit commit : options.commitModes()) {
            try (BenchStore store = BenchStore.open(options.db, commit)) {
                measure(store.store(), commit, results, otherJson);
            }
        }
        BenchResult.printTable(out, results);
        results.forEach(r -> out.println(r.toJson()));
        otherJson.forEach(out::println);
        out.flush();
    }

    /** Every measurement asked for, on one store whose hot path commits as {@code commit} says. */
    private void measure(Store store, CompletionCommit commit, List<BenchResult> results, List<String> otherJson) {
        Benchmark bench = new Benchmark(store, out, options.settings);
        String kind = store.kind();
        out.printf("tock bench on %s store, %s completion commits (%d CPUs, Java %s)%n", kind, commit.wireName(),
                Runtime.getRuntime().availableProcessors(), Runtime.version());
        if (options.prefillFinished > 0) {
            bench.prefillFinished(options.prefillFinished);
        }
        if (!options.schedulesOnly) {
            results.addAll(measureJobs(bench, kind, commit));
            if (options.httpJobs > 0) {
                otherJson.add(bench.httpEnqueue(options.httpJobs, HTTP_CLIENTS).toJson(kind, commit));
            }
        }
        if (options.schedules > 0) {
            otherJson.add(bench.schedules(options.schedules, Duration.ofSeconds(options.scheduleSeconds)).toJson(kind, commit));
        }
        measureExecutors(bench, new ExecutorBenchmarks(store, out)).ifPresent(r -> otherJson.add(r.toJson(kind, commit)));
    }

    private List<BenchResult> measureJobs(Benchmark bench, String kind, CompletionCommit commit) {
        double single = bench.median(options.runs, () -> bench.enqueueSingle(options.enqueueJobs, 8));
        double batch = bench.median(options.runs, () -> bench.enqueueBatches(options.enqueueJobs, 1000));
        List<Double> exec = new ArrayList<>();
        for (int t : options.threads) {
            exec.add(bench.median(options.runs, () -> bench.execute(options.jobs, t)));
        }
        // Last, so that it measures a warmed-up JVM rather than its JIT compiler.
        Lateness lateness = bench.lateness(options.delayed, Duration.ofSeconds(3), 8);
        List<BenchResult> results = new ArrayList<>();
        for (int i = 0; i < options.threads.size(); i++) {
            results.add(new BenchResult(kind, commit, options.threads.get(i), options.jobs, single, batch, exec.get(i),
                    lateness.p50(), lateness.p99(), lateness.max(), options.prefillFinished));
        }
        return results;
    }

    private Optional<ExecutorBenchmarks.Result> measureExecutors(Benchmark jobs, ExecutorBenchmarks bench) {
        if (options.webhookJobs == 0 && options.workerJobs == 0 && options.workerLatency == 0) {
            return Optional.empty();
        }
        double hooks = options.webhookJobs > 0 ? bench.webhooks(options.webhookJobs, WEBHOOK_THREADS) : 0;
        double workers = options.workerJobs > 0
                ? jobs.median(options.runs, () -> bench.externalWorkers(options.workerJobs, WORKERS, WORKER_BATCH)) : 0;
        Lateness latency = options.workerLatency > 0 ? bench.workerStartLatency(options.workerLatency) : new Lateness(0, 0, 0);
        return Optional.of(new ExecutorBenchmarks.Result(options.webhookJobs, hooks, options.workerJobs, WORKERS, workers, latency));
    }
}
