package dev.tock.bench.tock;

import dev.tock.store.CompletionCommit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options of {@code tock bench}: what {@link TockBench} measures, and how much. A picocli mixin, so that
 * the command stays in tock-cli while its options live next to the measurements they steer.
 */
public final class BenchOptions {

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

    @Option(names = "--keys", defaultValue = "0",
            description = "Also execute --jobs no-op jobs spread over this many concurrency keys with --per-key-limit on,"
                    + " beside the same jobs without keys in the same run (default: ${DEFAULT-VALUE}: skipped)")
    int keys;

    @Option(names = "--per-key-limit", defaultValue = "2", description = "Each key's running limit in the --keys run (default: ${DEFAULT-VALUE})")
    int perKeyLimit;

    @Option(names = "--http-jobs", defaultValue = "10000",
            description = "Single-job requests in the REST API enqueue measurement, 16 clients; five times as many jobs go in batches (default: ${DEFAULT-VALUE}; 0 skips it)")
    int httpJobs;

    @Option(names = "--schedules-only", description = "Measure only the schedules (with --schedules), not jobs")
    boolean schedulesOnly;

    @Option(names = "--alerts", defaultValue = "0",
            description = "Measure how soon this many failed runs are notified to a local webhook (outcome → receiver), and as many"
                    + " recoveries; only that is measured (default: ${DEFAULT-VALUE}, off)")
    int alerts;

    @Option(names = "--webhook-jobs", defaultValue = "0",
            description = "Also run this many HTTP executor jobs against a local no-op endpoint, 32 worker threads (default: ${DEFAULT-VALUE}, off)")
    int webhookJobs;

    @Option(names = "--worker-jobs", defaultValue = "0",
            description = "Also run this many jobs with 4 SDK workers leasing batches of 100 over HTTP (default: ${DEFAULT-VALUE}, off)")
    int workerJobs;

    @Option(names = "--worker-latency", defaultValue = "0",
            description = "Also measure how soon a long-polling worker starts each of this many jobs (default: ${DEFAULT-VALUE}, off)")
    int workerLatency;

    @Option(names = "--workflows",
            description = "Also measure workflows: the step hand-off over runs of a 5-step chain (after as many untimed ones),"
                    + " and a fan-out of no-op steps"
                    + " (after an untimed one of the same size) against as many plain no-op jobs, pre-enqueued and enqueued in"
                    + " one call, 32 worker threads; where the fan-out's time went (planning, items, the last completions)")
    boolean workflows;

    @Option(names = "--workflow-chains", defaultValue = "200", description = "Runs of the 5-step chain (default: ${DEFAULT-VALUE})")
    int workflowChains;

    @Option(names = "--workflow-items", defaultValue = "10000", description = "Items of the measured fan-out (default: ${DEFAULT-VALUE})")
    int workflowItems;

    @Option(names = "--completion-commit", split = ",", paramLabel = "MODE",
            description = "Completion commit modes to measure, each on a store of its own: durable, fast (default: both on PostgreSQL;"
                    + " durable on the embedded store, which commits one way only)")
    List<String> completionCommits;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A setting of the measured nodes, e.g. --set lease-batch-size=100 (repeatable; worker-threads comes from --threads)")
    Map<String, String> settings = new LinkedHashMap<>();

    /** The completion commit modes to measure, in order: durable first, the headline figure. */
    List<CompletionCommit> commitModes() {
        if (completionCommits == null) {
            boolean embedded = db == null || db.isBlank();
            return embedded ? List.of(CompletionCommit.DURABLE) : List.of(CompletionCommit.DURABLE, CompletionCommit.FAST);
        }
        try {
            return completionCommits.stream().map(CompletionCommit::parse).distinct().sorted().toList();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--completion-commit: " + e.getMessage());
        }
    }

    /** Refuses values that cannot be measured, naming the option; a bad setting is refused by {@link Benchmark}. */
    void validate() {
        commitModes(); // refuses a mode that is neither, before anything is measured
        if (settings.containsKey("completion-commit")) {
            throw new IllegalArgumentException("--set completion-commit: the measured store's commits are chosen with --completion-commit");
        }
        if (schedulesOnly && schedules < 1) {
            throw new IllegalArgumentException("--schedules-only needs --schedules N");
        }
        if (webhookJobs < 0 || workerJobs < 0 || workerLatency < 0) {
            throw new IllegalArgumentException("--webhook-jobs, --worker-jobs and --worker-latency must not be negative");
        }
        if (keys < 0 || perKeyLimit < 1) {
            throw new IllegalArgumentException("--keys must not be negative and --per-key-limit must be positive");
        }
        if (workflowChains < 1 || workflowItems < 1) {
            throw new IllegalArgumentException("--workflow-chains and --workflow-items must be positive");
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
