package dev.tock.bench.tock;

import dev.tock.TockException;
import dev.tock.config.TockConfig;
import dev.tock.engine.Tock;
import dev.tock.http.TockServer;
import dev.tock.model.JobQuery;
import dev.tock.model.JobState;
import dev.tock.model.NewJob;
import dev.tock.store.Store;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/** The measurements of {@code tock bench}, each on a fresh engine over the same store. */
public final class Benchmark {
    static final String NOOP = "bench.noop";
    private static final int ENQUEUE_BATCH = 1000;
    private static final String KEYED_QUEUE = "bench-keyed";
    private static final Duration RUN_LIMIT = Duration.ofMinutes(10);
    /**
     * The prefill's chunk, the jobs run between two maintenance runs, and its enqueue batch. Larger batches, more
     * worker threads, larger leases, fast commits, and enqueueing a chunk while the one before runs did not prefill
     * faster on a 2-core machine: the engine's execution rate bounds it.
     */
    private static final int PREFILL_CHUNK = 100_000;
    private static final int PREFILL_BATCH = 5_000;

    private final Store store;
    private final PrintWriter out;
    private final Map<String, String> settings;
    private long futureJobs;

    public Benchmark(Store store, PrintWriter out) {
        this(store, out, Map.of());
    }

    /** With these settings (as {@code tock server --set}) on every node it measures; worker threads come per measurement. */
    public Benchmark(Store store, PrintWriter out, Map<String, String> settings) {
        this.store = store;
        this.out = out;
        this.settings = Map.copyOf(settings);
        config(1); // a bad setting fails here, before anything is measured
    }

    /** Runs {@code measurement} {@code runs} times and returns the median. */
    public double median(int runs, DoubleSupplier measurement) {
        double[] values = new double[runs];
        for (int i = 0; i < runs; i++) {
            values[i] = measurement.getAsDouble();
        }
        if (runs > 1) {
            out.printf("  runs: %s%n", Arrays.toString(Arrays.stream(values).sorted().mapToLong(Math::round).toArray()));
        }
        return median(values);
    }

    /** The middle value (of an even count, the upper middle one). */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Jobs/s enqueued one per call by {@code producers} concurrent threads; the jobs are then run off. */
    public double enqueueSingle(int jobs, int producers) {
        try (Tock tock = engine(8, counting(new AtomicInteger()))) {
            ExecutorService pool = Executors.newFixedThreadPool(producers);
            try {
                long start = System.nanoTime();
                List<Future<?>> done = new ArrayList<>();
                for (int p = 0; p < producers; p++) {
                    int share = jobs / producers + (p < jobs % producers ? 1 : 0);
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < share; i++) {
                            tock.jobs().enqueue(NewJob.of(NOOP, "{}"));
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                double rate = rate(jobs, start);
                out.printf("enqueue, one job per call, %d producers: %,.0f jobs/s%n", producers, rate);
                return rate;
            } catch (Exception e) {
                throw new TockException("enqueue benchmark failed", e);
            } finally {
                pool.shutdownNow();
                runOff(jobs);
            }
        }
    }

    /** Jobs/s enqueued in batches from one thread; the jobs are then run off. */
    public double enqueueBatches(int jobs, int batchSize) {
        long start = System.nanoTime();
        enqueueNoops(jobs, batchSize);
        double rate = rate(jobs, start);
        out.printf("enqueue, batches of %d: %,.0f jobs/s%n", batchSize, rate);
        runOff(jobs);
        return rate;
    }

    /**
     * Jobs/s enqueued in batches of {@code batchSize} through {@code enqueueAll} from one thread, timed around
     * the calls alone (as the peers' bulk APIs are), on an engine that is not started; the jobs are then run off,
     * which checks that every one was stored.
     */
    public double enqueueBulk(int jobs, int batchSize) {
        double rate;
        try (Tock tock = engine(1, counting(new AtomicInteger()))) {
            List<List<NewJob>> batches = new ArrayList<>();
            for (int from = 0; from < jobs; from += batchSize) {
                List<NewJob> batch = new ArrayList<>(batchSize);
                for (int i = from; i < Math.min(jobs, from + batchSize); i++) {
                    batch.add(NewJob.of(NOOP, "{}"));
                }
                batches.add(batch);
            }
            long start = System.nanoTime();
            batches.forEach(tock.jobs()::enqueueAll);
            rate = rate(jobs, start);
        }
        out.printf("bulk enqueue, batches of %d: %,.0f jobs/s%n", batchSize, rate);
        runOff(jobs);
        requireAllSucceeded();
        return rate;
    }

    /**
     * Jobs/s executed by a node with {@code threads} workers, from start until every attempt is stored
     * (no job left running in the store), as the peers are measured; stopping the node is not timed.
     */
    public double execute(int jobs, int threads) {
        enqueueNoops(jobs, ENQUEUE_BATCH);
        double rate = timed(jobs, threads, tock -> tock::start);
        out.printf("execute %,d no-op jobs with %d worker threads: %,.0f jobs/s%n", jobs, threads, rate);
        return rate;
    }

    /**
     * Jobs/s of {@code jobs} no-op jobs enqueued in one {@code enqueueAll} call to a running node and run by it, timed
     * from the call until every job has run: what a fan-out of as many items does, which makes its jobs in one
     * transaction and runs them (see {@code tock bench --workflows}).
     */
    public double enqueueAndExecute(int jobs, int threads) {
        double rate = timed(jobs, threads, tock -> {
            tock.start();
            List<NewJob> all = new ArrayList<>(jobs);
            for (int i = 0; i < jobs; i++) {
                all.add(NewJob.of(NOOP, "{}"));
            }
            return () -> tock.jobs().enqueueAll(all);
        });
        out.printf("enqueue %,d no-op jobs in one call and run them with %d worker threads: %,.0f jobs/s%n", jobs, threads, rate);
        return rate;
    }

    /**
     * Executes {@code jobs} no-op jobs spread round-robin over {@code keys} concurrency keys in a queue whose
     * keys may each run {@code perKeyLimit} at once: leasing under the queue's lock with per-key counts.
     */
    public double executeKeyed(int jobs, int threads, int keys, int perKeyLimit) {
        store.queues().save(dev.tock.model.Queue.of("default", KEYED_QUEUE).withSharing(new dev.tock.model.KeySharing(
                java.util.OptionalInt.of(perKeyLimit), Map.of(), java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.empty())));
        try (Tock tock = engine(1, counting(new AtomicInteger()))) {
            List<NewJob> batch = new ArrayList<>(ENQUEUE_BATCH);
            for (int i = 0; i < jobs; i++) {
                batch.add(NewJob.builder(NOOP).queue(KEYED_QUEUE).concurrencyKey("key-" + (i % keys)).build());
                if (batch.size() == ENQUEUE_BATCH || i == jobs - 1) {
                    tock.jobs().enqueueAll(batch);
                    batch.clear();
                }
            }
        }
        double rate = timed(jobs, threads, tock -> tock::start);
        out.printf("execute %,d no-op jobs over %,d keys (limit %d each) with %d worker threads: %,.0f jobs/s%n", jobs, keys,
                perKeyLimit, threads, rate);
        return rate;
    }

    /** Start lateness of {@code jobs} jobs due {@code ahead} from now, spread over one second. */
    public Lateness lateness(int jobs, Duration ahead, int threads) {
        double[] late = new double[jobs];
        AtomicInteger handled = new AtomicInteger();
        try (Tock tock = Tock.builder().config(config(threads)).store(store).handler(NOOP, ctx -> {
            Instant now = Instant.now();
            late[Integer.parseInt(ctx.payload())] = Duration.between(ctx.job().runAt(), now).toNanos() / 1e6;
            handled.incrementAndGet();
        }).build()) {
            tock.start();
            Instant first = Instant.now().plus(ahead);
            List<NewJob> batch = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                batch.add(NewJob.builder(NOOP).payload(Integer.toString(i)).runAt(first.plusMillis(i * 1000L / jobs)).build());
            }
            tock.jobs().enqueueAll(batch);
            awaitCount(handled, jobs);
        }
        Lateness result = Lateness.of(late);
        out.printf("start lateness of %d jobs due %s ahead: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                jobs, ahead, result.p50(), result.p99(), result.max());
        return result;
    }

    /** What {@link #schedules} measured. */
    public record ScheduleResult(int schedules, int fires, Lateness lateness, long duplicates, long missed) {

        /** The JSON line of {@code tock bench}, measured on a {@code store} store with {@code commit} completion commits. */
        public String toJson(String store, dev.tock.store.CompletionCommit commit) {
            return String.format(java.util.Locale.ROOT, "{\"store\":\"%s\",\"completion_commit\":\"%s\",\"schedules\":%d,"
                            + "\"fires\":%d,\"fire_lateness_p50_ms\":%.2f,\"fire_lateness_p99_ms\":%.2f,\"fire_lateness_max_ms\":%.2f,"
                            + "\"duplicates\":%d,\"not_fired_on_time\":%d}", store, commit.wireName(), schedules, fires,
                    lateness.p50(), lateness.p99(), lateness.max(), duplicates, missed);
        }
    }

    /**
     * {@code count} schedules firing every second for {@code duration}: lateness of each run's start
     * after its nominal time, nominal times fired twice (jobs beyond one per fire), and nominal times
     * not fired (missed, coalesced or skipped). Lateness counts the runs due from two seconds after the
     * last schedule was saved, so that it measures the steady state rather than the creation of a
     * thousand schedules; duplicates and misses count every nominal time.
     */
    public ScheduleResult schedules(int count, Duration duration) {
        record Run(Instant nominal, double lateMs) {
        }
        List<Run> runs = java.util.Collections.synchronizedList(new ArrayList<>());
        try (Tock tock = Tock.builder().config(config(32)).store(store).handler(NOOP, ctx ->
                runs.add(new Run(ctx.job().runAt(), Duration.between(ctx.job().runAt(), Instant.now()).toNanos() / 1e6))).build()) {
            tock.start();
            var history = new dev.tock.schedule.RunHistory(dev.tock.schedule.RunHistory.MAX_LIMIT, 1, java.util.OptionalInt.empty());
            for (int i = 0; i < count; i++) {
                tock.schedules().save(dev.tock.schedule.Schedule.of("default", "bench-" + i, "* * * * * *",
                        dev.tock.model.JobTemplate.of(NOOP)).withHistory(history));
            }
            Instant steady = Instant.now().plusSeconds(2);
            sleep(duration);
            Instant end = Instant.now();
            for (int i = 0; i < count; i++) {
                tock.schedules().suspend("default", "bench-" + i);
            }
            sleep(Duration.ofSeconds(2));
            Map<dev.tock.schedule.FireOutcome, Long> outcomes = new java.util.EnumMap<>(dev.tock.schedule.FireOutcome.class);
            long jobs = 0;
            for (int i = 0; i < count; i++) {
                var fires = tock.schedules().runs("default", "bench-" + i, 100_000);
                fires.forEach(f -> outcomes.merge(f.outcome(), 1L, Long::sum));
                jobs += fires.stream().filter(f -> f.job().isPresent()).map(f -> f.job().get()).distinct().count();
                tock.schedules().delete("default", "bench-" + i);
            }
            double[] values = runs.stream().filter(r -> !r.nominal().isBefore(steady) && r.nominal().isBefore(end))
                    .mapToDouble(Run::lateMs).toArray();
            long fired = outcomes.getOrDefault(dev.tock.schedule.FireOutcome.FIRED, 0L);
            long notFired = outcomes.values().stream().mapToLong(Long::longValue).sum() - fired;
            ScheduleResult result = new ScheduleResult(count, (int) fired, values.length == 0 ? new Lateness(0, 0, 0) : Lateness.of(values),
                    fired - jobs, notFired);
            out.printf("%d per-second schedules for %s: %,d fires (%s); %,d runs in the steady state started after their"
                            + " nominal time by p50 %.2f ms, p99 %.2f ms, max %.2f ms; %d fired twice, %d not fired%n",
                    count, duration, fired, outcomes, values.length, result.lateness().p50(), result.lateness().p99(),
                    result.lateness().max(), result.duplicates(), result.missed());
            return result;
        }
    }

    private static void sleep(Duration d) {
        try {
            TimeUnit.MILLISECONDS.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TockException("interrupted", e);
        }
    }

    /**
     * Runs {@code jobs} jobs to completion so that later measurements see a store full of history: in chunks,
     * each enqueued and then run off, with the store maintained after every chunk as a node would every
     * maintenance interval. Prints each chunk's phases and the rate of the whole.
     */
    public void prefillFinished(int jobs) {
        out.printf("prefilling %,d finished jobs...%n", jobs);
        out.flush();
        long start = System.nanoTime();
        for (int done = 0; done < jobs; done += PREFILL_CHUNK) {
            int n = Math.min(PREFILL_CHUNK, jobs - done);
            long enqueue = System.nanoTime();
            enqueueNoops(n, PREFILL_BATCH);
            long run = System.nanoTime();
            runOff(n);
            long maintain = System.nanoTime();
            store.maintain();
            long end = System.nanoTime();
            out.printf(Locale.ROOT, "  %,d of %,d finished: enqueue %.1f s, run %.1f s, maintain %.1f s; %,.0f jobs/s so far%n",
                    done + n, jobs, (run - enqueue) / 1e9, (maintain - run) / 1e9, (end - maintain) / 1e9, rate(done + n, start));
            out.flush();
        }
        requireAllSucceeded();
        out.printf(Locale.ROOT, "prefilled %,d finished jobs: %,.0f jobs/s%n", jobs, rate(jobs, start));
    }

    /** Enqueues {@code jobs} jobs due in a day, which stay in the store as future work while the others run. */
    public void prefillFuture(int jobs) {
        out.printf("prefilling %,d future jobs...%n", jobs);
        out.flush();
        long start = System.nanoTime();
        Instant due = Instant.now().plus(Duration.ofDays(1));
        try (Tock tock = engine(1, counting(new AtomicInteger()))) {
            List<NewJob> batch = new ArrayList<>(5_000);
            for (int i = 0; i < jobs; i++) {
                batch.add(NewJob.builder(NOOP).payload("{}").runAt(due).build());
                if (batch.size() == 5_000 || i == jobs - 1) {
                    tock.jobs().enqueueAll(batch);
                    batch.clear();
                }
            }
        }
        futureJobs += jobs;
        out.printf(Locale.ROOT, "prefilled %,d future jobs: %,.0f jobs/s%n", jobs, rate(jobs, start));
    }

    /** What {@link #httpEnqueue} measured. */
    public record HttpResult(int clients, double singleRequestsPerSecond, double batchJobsPerSecond) {

        /** The JSON line of {@code tock bench}, measured on a {@code store} store with {@code commit} completion commits. */
        public String toJson(String store, dev.tock.store.CompletionCommit commit) {
            return String.format(java.util.Locale.ROOT, "{\"store\":\"%s\",\"completion_commit\":\"%s\",\"http_clients\":%d,"
                    + "\"http_single_requests_per_s\":%.0f,\"http_batch_jobs_per_s\":%.0f}", store, commit.wireName(), clients,
                    singleRequestsPerSecond, batchJobsPerSecond);
        }
    }

    /**
     * Enqueueing through {@code tock server}'s REST API on 127.0.0.1: {@code jobs} single-job requests
     * from {@code clients} concurrent clients, then five times as many jobs in batches of 1,000 from
     * four clients. The jobs are then run off.
     */
    public HttpResult httpEnqueue(int jobs, int clients) {
        try (Tock tock = engine(8, counting(new AtomicInteger()));
             TockServer server = TockServer.builder(tock).host("127.0.0.1").port(0).build().start()) {
            // Measured as deployed: authenticated, audited, without a rate limit.
            HttpEnqueueClient client = new HttpEnqueueClient(server.port(), NOOP, operatorToken());
            double single = client.singleRequests(jobs, clients);
            out.printf("HTTP enqueue, one job per request, %d clients: %,.0f requests/s%n", clients, single);
            double batch = client.batches(5 * jobs, ENQUEUE_BATCH, 4);
            out.printf("HTTP enqueue, batches of %,d, 4 clients: %,.0f jobs/s%n", ENQUEUE_BATCH, batch);
            runOff(6 * jobs);
            return new HttpResult(clients, single, batch);
        }
    }

    /** A new operator token of namespace default, made in the store; returns its secret. */
    private String operatorToken() {
        String secret = dev.tock.security.TokenSecrets.newSecret();
        String name = "bench-client-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        store.security().createToken(new dev.tock.security.ApiToken(dev.tock.security.TokenSecrets.newId(), name, dev.tock.security.Role.OPERATOR,
                java.util.Set.of("default"), java.util.Set.of(), store.now(), "bench", java.util.Optional.empty(), java.util.Optional.empty()),
                dev.tock.security.TokenSecrets.hash(secret));
        return secret;
    }

    private void runOff(int jobs) {
        AtomicInteger handled = new AtomicInteger();
        try (Tock tock = engine(32, counting(handled))) {
            tock.start();
            awaitCount(handled, jobs);
        }
    }

    private void enqueueNoops(int jobs, int batchSize) {
        try (Tock tock = engine(1, counting(new AtomicInteger()))) {
            List<NewJob> batch = new ArrayList<>(batchSize);
            for (int i = 0; i < jobs; i++) {
                batch.add(NewJob.of(NOOP, "{}"));
                if (batch.size() == batchSize || i == jobs - 1) {
                    tock.jobs().enqueueAll(batch);
                    batch.clear();
                }
            }
        }
    }

    private Tock engine(int threads, dev.tock.handler.JobHandler handler) {
        return Tock.builder().config(config(threads)).store(store).handler(NOOP, handler).build();
    }

    private TockConfig config(int threads) {
        TockConfig.Builder builder = TockConfig.builder().nodeId("bench").drainGrace(Duration.ofSeconds(30)).set("rate-limit", "0");
        settings.forEach(builder::set);
        return builder.workerThreads(threads).build();
    }

    private static dev.tock.handler.JobHandler counting(AtomicInteger counter) {
        return ctx -> counter.incrementAndGet();
    }

    private void requireAllSucceeded() {
        var counts = store.jobs().countByState("default");
        long unfinished = counts.entrySet().stream().filter(e -> e.getKey() != JobState.SUCCEEDED)
                .mapToLong(java.util.Map.Entry::getValue).sum() - futureJobs;
        if (unfinished > 0) {
            throw new TockException("benchmark left unfinished jobs: " + counts);
        }
    }

    /**
     * Jobs/s of a node with {@code threads} workers that runs {@code jobs} no-op jobs: {@code prepare} readies the node
     * untimed and returns what starts the clock (its start, or the jobs' enqueue), timed until every attempt is stored.
     */
    private double timed(int jobs, int threads, Function<Tock, Runnable> prepare) {
        AtomicInteger handled = new AtomicInteger();
        double rate;
        try (Tock tock = engine(threads, counting(handled))) {
            Runnable begin = prepare.apply(tock);
            long start = System.nanoTime();
            begin.run();
            awaitCount(handled, jobs);
            awaitNoneRunning();
            rate = rate(jobs, start);
        }
        requireAllSucceeded();
        return rate;
    }

    /** Waits until the store holds no running job: every finished attempt has been stored. */
    private void awaitNoneRunning() {
        JobQuery running = JobQuery.builder("default").state(JobState.RUNNING).limit(1).build();
        awaitUntil(() -> store.jobs().list(running).jobs().isEmpty(), () -> "finished attempts were not stored");
    }

    private static void awaitCount(AtomicInteger counter, int target) {
        awaitUntil(() -> counter.get() >= target, () -> "benchmark run did not finish: " + counter.get() + "/" + target);
    }

    private static void awaitUntil(java.util.function.BooleanSupplier done, java.util.function.Supplier<String> failure) {
        long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new TockException(failure.get() + " within " + RUN_LIMIT);
            }
            sleep(Duration.ofMillis(1));
        }
    }

    private static double rate(int jobs, long startNanos) {
        return jobs / ((System.nanoTime() - startNanos) / 1e9);
    }
}
