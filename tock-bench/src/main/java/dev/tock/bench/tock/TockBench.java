package dev.tock.bench.tock;

import dev.tock.store.CompletionCommit;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * {@code tock bench}: the measurements its {@link BenchOptions} ask for, on a throwaway store per completion
 * commit mode (durable and fast), the runs of the two interleaved. Prints a line per measurement as it ends,
 * then a table with a row per mode and thread count, then one JSON line per measurement.
 */
public final class TockBench {
    private static final int HTTP_CLIENTS = 16;
    private static final int WEBHOOK_THREADS = 32;
    private static final int WORKFLOW_THREADS = 32;
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
        List<Mode> modes = new ArrayList<>();
        try {
            for (CompletionCommit commit : options.commitModes()) {
                modes.add(open(commit));
            }
            measure(modes, results, otherJson);
        } finally {
            modes.forEach(m -> m.store().close());
        }
        if (!results.isEmpty()) {
            BenchResult.printTable(out, results);
        }
        results.forEach(r -> out.println(r.toJson()));
        otherJson.forEach(out::println);
        out.flush();
    }

    /** A completion commit mode with its own store, and the measurements on it. */
    private record Mode(CompletionCommit commit, BenchStore store, Benchmark bench) {
    }

    private Mode open(CompletionCommit commit) {
        BenchStore store = BenchStore.open(options.db, commit);
        try {
            return new Mode(commit, store, new Benchmark(store.store(), out, options.settings));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private void measure(List<Mode> modes, List<BenchResult> results, List<String> otherJson) {
        String kind = modes.get(0).store().store().kind();
        out.printf("tock bench on %s store, completion commits %s (%d CPUs, Java %s)%n", kind,
                modes.stream().map(m -> m.commit().wireName()).collect(Collectors.joining(" and ")),
                Runtime.getRuntime().availableProcessors(), Runtime.version());
        if (options.alerts > 0) {
            for (Mode m : modes) {
                out.print(m.commit().wireName() + ": ");
                otherJson.add(new AlertLatency(m.store().store(), out, options.settings).measure(options.alerts).toJson(kind, m.commit()));
            }
            return;
        }
        if (options.prefillFinished > 0) {
            modes.forEach(m -> m.bench().prefillFinished(options.prefillFinished));
        }
        if (!options.schedulesOnly) {
            results.addAll(measureJobs(modes, kind));
        }
        if (!options.schedulesOnly && options.keys > 0) {
            otherJson.addAll(measureKeys(modes, kind));
        }
        for (Mode m : modes) {
            if (!options.schedulesOnly && options.httpJobs > 0) {
                otherJson.add(m.bench().httpEnqueue(options.httpJobs, HTTP_CLIENTS).toJson(kind, m.commit()));
            }
            if (options.schedules > 0) {
                otherJson.add(m.bench().schedules(options.schedules, Duration.ofSeconds(options.scheduleSeconds))
                        .toJson(kind, m.commit()));
            }
            measureExecutors(m.bench(), new ExecutorBenchmarks(m.store().store(), out))
                    .ifPresent(r -> otherJson.add(r.toJson(kind, m.commit())));
            if (options.workflows) {
                otherJson.add(new WorkflowBenchmarks(m.store().store(), out, options.settings)
                        .measure(m.bench(), options.workflowChains, options.workflowItems, WORKFLOW_THREADS).toJson(kind, m.commit()));
            }
        }
    }

    private List<BenchResult> measureJobs(List<Mode> modes, String kind) {
        Map<CompletionCommit, Double> single = interleaved(modes, b -> b.enqueueSingle(options.enqueueJobs, 8));
        Map<CompletionCommit, Double> batch = interleaved(modes, b -> b.enqueueBatches(options.enqueueJobs, 1000));
        List<Map<CompletionCommit, Double>> exec = new ArrayList<>();
        for (int t : options.threads) {
            exec.add(interleaved(modes, b -> b.execute(options.jobs, t)));
        }
        List<BenchResult> results = new ArrayList<>();
        for (Mode m : modes) {
            // Last, so that it measures a warmed-up JVM rather than its JIT compiler.
            Lateness lateness = m.bench().lateness(options.delayed, Duration.ofSeconds(3), 8);
            for (int i = 0; i < options.threads.size(); i++) {
                results.add(new BenchResult(kind, m.commit(), options.threads.get(i), options.jobs, single.get(m.commit()),
                        batch.get(m.commit()), exec.get(i).get(m.commit()), lateness.p50(), lateness.p99(), lateness.max(),
                        options.prefillFinished));
            }
        }
        return results;
    }

    /**
     * No-op execution with {@code --keys} keys and per-key limits beside the same without keys, at the
     * largest thread count, each run of one right after a run of the other; one JSON line per mode.
     */
    private List<String> measureKeys(List<Mode> modes, String kind) {
        int threads = options.threads.stream().mapToInt(Integer::intValue).max().orElseThrow();
        Map<CompletionCommit, Double> unlimited = interleaved(modes, b -> b.execute(options.jobs, threads));
        Map<CompletionCommit, Double> keyed = interleaved(modes,
                b -> b.executeKeyed(options.jobs, threads, options.keys, options.perKeyLimit));
        List<String> json = new ArrayList<>();
        for (Mode m : modes) {
            double plain = unlimited.get(m.commit());
            double limited = keyed.get(m.commit());
            out.printf("%s: %,d keys with a limit of %d each: %,.0f jobs/s, without keys %,.0f jobs/s (%.0f%%)%n",
                    m.commit().wireName(), options.keys, options.perKeyLimit, limited, plain, 100 * limited / plain);
            json.add(String.format(java.util.Locale.ROOT, "{\"measurement\":\"keys\",\"store\":\"%s\",\"completionCommit\":\"%s\","
                    + "\"threads\":%d,\"jobs\":%d,\"keys\":%d,\"perKeyLimit\":%d,\"keyedJobsPerSec\":%.0f,"
                    + "\"unlimitedJobsPerSec\":%.0f,\"ratio\":%.2f}", kind, m.commit().wireName(), threads, options.jobs,
                    options.keys, options.perKeyLimit, limited, plain, limited / plain));
        }
        return json;
    }

    /**
     * The median of {@code --runs} runs of {@code measurement} in each mode, interleaved (run 1 in every
     * mode, then run 2, ...) so that a change in the machine's load falls on every mode alike.
     */
    private Map<CompletionCommit, Double> interleaved(List<Mode> modes, ToDoubleFunction<Benchmark> measurement) {
        double[][] runs = new double[modes.size()][options.runs];
        for (int run = 0; run < options.runs; run++) {
            for (int m = 0; m < modes.size(); m++) {
                out.print(modes.get(m).commit().wireName() + ": ");
                runs[m][run] = measurement.applyAsDouble(modes.get(m).bench());
            }
        }
        Map<CompletionCommit, Double> medians = new EnumMap<>(CompletionCommit.class);
        for (int m = 0; m < modes.size(); m++) {
            medians.put(modes.get(m).commit(), Benchmark.median(runs[m]));
            if (options.runs > 1) {
                out.printf("  runs, %s: %s%n", modes.get(m).commit().wireName(),
                        Arrays.toString(Arrays.stream(runs[m]).sorted().mapToLong(Math::round).toArray()));
            }
        }
        return medians;
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
