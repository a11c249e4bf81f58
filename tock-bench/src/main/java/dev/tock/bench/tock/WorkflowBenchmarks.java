package dev.tock.bench.tock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.TockException;
import dev.tock.config.TockConfig;
import dev.tock.engine.Tock;
import dev.tock.store.CompletionCommit;
import dev.tock.store.Store;
import dev.tock.workflow.RunQuery;
import dev.tock.workflow.RunState;
import dev.tock.workflow.StepInstance;
import dev.tock.workflow.WorkflowJson;
import dev.tock.workflow.WorkflowRun;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code tock bench --workflows}: the step hand-off (a step's handler start minus the end of the handler of the
 * step it needs, over runs of a 5-step chain started one after another, after as many untimed runs), and a fan-out of
 * no-op steps against plain no-op jobs executed by the same node in the same run, after an untimed fan-out of the same
 * size.
 */
final class WorkflowBenchmarks {
    private static final String STEP = "bench.wf-step";
    private static final String ITEMS = "bench.wf-items";
    private static final int CHAIN = 5;
    private static final Duration LIMIT = Duration.ofMinutes(10);

    private final Store store;
    private final PrintWriter out;
    private final Map<String, String> settings;

    WorkflowBenchmarks(Store store, PrintWriter out, Map<String, String> settings) {
        this.store = store;
        this.out = out;
        this.settings = settings;
    }

    /**
     * What one run of the measurements found.
     *
     * @param plainPerSecond pre-enqueued no-op jobs executed (the target's measure)
     * @param enqueuedAndRunPerSecond no-op jobs enqueued in one call and run, timed from the call
     */
    record Result(int chains, Lateness handoff, int items, double fanOutPerSecond, double plainPerSecond, double enqueuedAndRunPerSecond,
                  FanOutTimeline timeline) {
        String toJson(String storeKind, CompletionCommit commit) {
            return String.format(Locale.ROOT, "{\"measurement\":\"workflows\",\"store\":\"%s\",\"completion_commit\":\"%s\","
                            + "\"chains\":%d,\"steps_per_chain\":%d,\"handoff_p50_ms\":%.2f,\"handoff_p99_ms\":%.2f,\"handoff_max_ms\":%.2f,"
                            + "\"fan_out_items\":%d,\"fan_out_steps_per_s\":%.0f,\"plain_jobs_per_s\":%.0f,\"fan_out_ratio\":%.2f,"
                            + "\"enqueued_and_run_per_s\":%.0f,\"fan_out_ratio_to_enqueued_and_run\":%.2f,\"fan_out_planned_ms\":%.0f,"
                            + "\"fan_out_first_item_end_ms\":%.0f,\"fan_out_last_item_end_ms\":%.0f,\"fan_out_run_end_ms\":%.0f}",
                    storeKind, commit.wireName(), chains, CHAIN, handoff.p50(), handoff.p99(), handoff.max(), items, fanOutPerSecond,
                    plainPerSecond, fanOutPerSecond / plainPerSecond, enqueuedAndRunPerSecond, fanOutPerSecond / enqueuedAndRunPerSecond,
                    timeline.plannedMs(), timeline.firstItemEndMs(), timeline.lastItemEndMs(), timeline.runEndMs());
        }
    }

    /**
     * Where the timed fan-out's time went, in milliseconds after the step before it (the one whose output lists the items)
     * ended: when the insert of the items' jobs began (every item planned, in the transaction that records that end),
     * when the first and the last item ended, and when the run ended (its last completions recorded). Handler ends are
     * read on the node's clock, the insert and the run's end on the database's: one machine here.
     */
    record FanOutTimeline(double plannedMs, double firstItemEndMs, double lastItemEndMs, double runEndMs) {
        static FanOutTimeline of(Tock tock, WorkflowRun run, String source, String fanOut) {
            Instant from = run.instancesOf(source).get(0).finishedAt().orElseThrow();
            List<StepInstance> items = run.instancesOf(fanOut).stream().filter(i -> !i.isStepLevel()).toList();
            Instant made = tock.jobs().get(items.get(0).jobId().orElseThrow()).createdAt();
            List<Instant> ends = items.stream().map(i -> i.finishedAt().orElseThrow()).sorted(Comparator.naturalOrder()).toList();
            return new FanOutTimeline(millis(from, made), millis(from, ends.get(0)), millis(from, ends.get(ends.size() - 1)),
                    millis(from, run.finishedAt().orElseThrow()));
        }

        private static double millis(Instant from, Instant to) {
            return Duration.between(from, to).toNanos() / 1e6;
        }
    }

    /** The rate of one fan-out and where its time went. */
    private record FanOut(double perSecond, FanOutTimeline timeline) {
    }

    Result measure(Benchmark plain, int chains, int items, int threads) {
        Lateness handoff = handoff(chains, threads);
        double plainRate = plain.execute(items, threads);
        // Beside the target's measure, jobs that are made while the clock runs, as a fan-out's are.
        double enqueuedAndRun = plain.enqueueAndExecute(items, threads);
        // The plain rate is measured warm (the bench's execution runs came first); an untimed fan-out of the same size
        // first warms the workflow paths the same way, so that the ratio compares like with like (a tenth-size one left
        // the JIT compiling through the timed fan-out; see docs/benchmarks.md, "A warm fan-out").
        fanOut(items, threads);
        FanOut timed = fanOut(items, threads);
        double fanOut = timed.perSecond();
        FanOutTimeline t = timed.timeline();
        out.printf("workflow fan-out of %,d no-op steps: %,.0f steps/s, %.0f%% of plain no-op jobs (%,.0f jobs/s), %.0f%% of no-op jobs"
                + " enqueued in one call and run (%,.0f jobs/s)%n", items, fanOut, 100 * fanOut / plainRate, plainRate,
                100 * fanOut / enqueuedAndRun, enqueuedAndRun);
        out.printf("  timeline after the step before it ended: items planned by %.0f ms (their jobs' insert began), first item"
                + " ended at %.0f ms, last at %.0f ms, run ended at %.0f ms%n", t.plannedMs(), t.firstItemEndMs(), t.lastItemEndMs(),
                t.runEndMs());
        return new Result(chains, handoff, items, fanOut, plainRate, enqueuedAndRun, t);
    }

    private Tock node(int threads, Map<String, Long> starts, Map<String, Long> ends, int items) {
        TockConfig.Builder config = TockConfig.builder().nodeId("bench-workflows").set("rate-limit", "0");
        settings.forEach(config::set);
        return Tock.builder().config(config.workerThreads(threads).maxFanOut(Math.max(items, 1)).build()).store(store)
                .handler(STEP, ctx -> {
                    long started = System.nanoTime();
                    JsonNode p = ctx.payloadAs(JsonNode.class);
                    String key = p.path("run").asText() + "/" + p.path("step").asInt();
                    starts.put(key, started);
                    ends.put(key, System.nanoTime());
                })
                .handler(ITEMS, ctx -> {
                    StringBuilder list = new StringBuilder("[");
                    int n = ctx.payloadAs(JsonNode.class).path("n").asInt();
                    for (int i = 0; i < n; i++) {
                        list.append(i == 0 ? "" : ",").append(i);
                    }
                    ctx.result(list.append(']').toString());
                })
                .build();
    }

    /** Runs of a chain of {@value #CHAIN} no-op steps, one after another, each step's start minus the previous step's end. */
    private Lateness handoff(int chains, int threads) {
        Map<String, Long> starts = new ConcurrentHashMap<>();
        Map<String, Long> ends = new ConcurrentHashMap<>();
        StringBuilder steps = new StringBuilder();
        for (int s = 0; s < CHAIN; s++) {
            steps.append(s == 0 ? "" : ",").append("{\"name\":\"s").append(s).append("\",\"type\":\"").append(STEP)
                    .append("\",\"payload\":{\"run\":\"{{inputs.run}}\",\"step\":").append(s).append('}')
                    .append(s == 0 ? "" : ",\"needs\":[\"s" + (s - 1) + "\"]").append('}');
        }
        List<Double> handoffs = new ArrayList<>();
        try (Tock tock = node(threads, starts, ends, 1)) {
            tock.start();
            tock.workflows().save(WorkflowJson.read("default", "bench-chain", "{\"steps\":[" + steps + "]}"));
            // As many untimed runs first: the first hundred or so hand-offs of a fresh JVM run the workflow code cold
            // (p50 about half again the later ones), while the plain and fan-out figures are measured warm.
            for (int r = -chains; r < chains; r++) {
                String id = tock.workflows().start("default", "bench-chain", "{\"run\":\"r" + r + "\"}").id();
                awaitSucceeded(tock, id);
                for (int s = 1; r >= 0 && s < CHAIN; s++) {
                    handoffs.add((starts.get("r" + r + "/" + s) - ends.get("r" + r + "/" + (s - 1))) / 1e6);
                }
            }
        }
        Lateness result = Lateness.of(handoffs.stream().mapToDouble(Double::doubleValue).toArray());
        out.printf("workflow step hand-off over %d runs of %d steps: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", chains, CHAIN,
                result.p50(), result.p99(), result.max());
        return result;
    }

    /** Steps/s of one forEach over {@code items} no-op steps, from the run's start until the fan-out step finished. */
    private FanOut fanOut(int items, int threads) {
        try (Tock tock = node(threads, new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), items)) {
            tock.workflows().save(WorkflowJson.read("default", "bench-fan-out", ("{'steps':["
                    + "{'name':'items','type':'" + ITEMS + "','payload':{'n':" + items + "}},"
                    + "{'name':'each','type':'" + STEP + "','needs':['items'],'payload':{'run':'f','step':'{{item}}'},"
                    + "'forEach':{'items':'{{steps.items.output}}','maxParallel':" + items + "}}]}").replace('\'', '"')));
            tock.start();
            long start = System.nanoTime();
            String id = tock.workflows().start("default", "bench-fan-out", "{}").id();
            awaitEnded(tock, "bench-fan-out", id);
            double seconds = (System.nanoTime() - start) / 1e9;
            WorkflowRun run = awaitSucceeded(tock, id);
            long done = run.instancesOf("each").stream().filter(i -> !i.isStepLevel()).count();
            if (done != items) {
                throw new TockException("the fan-out ran " + done + " items, not " + items);
            }
            return new FanOut(items / seconds, FanOutTimeline.of(tock, run, "items", "each"));
        }
    }

    /**
     * Waits until the run is no longer running, reading its state from the list of runs (without instances) every 20 ms:
     * reading a 10,000-item run whole that often would load the node more than the fan-out it measures.
     */
    private static void awaitEnded(Tock tock, String workflow, String id) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean running = tock.workflows().runs(new RunQuery("default", Optional.of(workflow), Optional.of(RunState.RUNNING),
                    Optional.empty(), RunQuery.MAX_LIMIT)).stream().anyMatch(r -> r.id().equals(id));
            if (!running) {
                return;
            }
            sleep(20);
        }
        throw new TockException("workflow run " + id + " did not end within " + LIMIT);
    }


    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TockException("interrupted", e);
        }
    }

    /** Polls the run whole every 20 ms until it succeeded. */
    private static WorkflowRun awaitSucceeded(Tock tock, String id) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            WorkflowRun run = tock.workflows().run("default", id).orElseThrow();
            if (run.state() == RunState.SUCCEEDED) {
                return run;
            }
            if (run.state() != RunState.RUNNING) {
                throw new TockException("workflow run " + id + " ended " + run.state().wireName());
            }
            sleep(20);
        }
        throw new TockException("workflow run " + id + " did not end within " + LIMIT);
    }
}
