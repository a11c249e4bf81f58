package dev.tock.bench;

import dev.tock.bench.tock.BenchStore;
import dev.tock.bench.tock.Benchmark;
import dev.tock.bench.tock.Lateness;
import dev.tock.store.CompletionCommit;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Tock through its library API, measured by {@code tock bench}'s own {@link Benchmark} (each of its
 * measurements checks that every job succeeded), each run on a fresh store in a new schema, with durable or
 * fast completion commits.
 */
final class TockContender implements Contender {
    private final String url;
    private final PrintWriter progress;
    private final CompletionCommit commit;

    TockContender(String url, PrintWriter progress, CompletionCommit commit) {
        this.url = url;
        this.progress = progress;
        this.commit = commit;
    }

    /** The default, durable completions, is "Tock", the figure every ratio is of; fast commits are a column beside it. */
    @Override
    public String name() {
        return commit == CompletionCommit.DURABLE ? "Tock" : "Tock (fast commits)";
    }

    @Override
    public String id() {
        return commit == CompletionCommit.DURABLE ? "tock" : "tock-fast";
    }

    @Override
    public boolean isTock() {
        return true;
    }

    @Override
    public String configuration() {
        return "library API (`Tock.builder()`), defaults but for worker threads: completion-commit=" + commit.wireName()
                + ", leases of up to 1,000 jobs (the prefetch adapts to how fast jobs finish), 1 s poll interval with"
                + " LISTEN/NOTIFY wake-ups, pool of " + Plan.POOL_SIZE + " connections";
    }

    @Override
    public Outcome enqueue(int jobs, int producers) {
        return Outcome.rate(onFreshStore(b -> b.enqueueSingle(jobs, producers)), jobs);
    }

    @Override
    public Optional<Outcome> bulkEnqueue(int jobs, int batch) {
        return Optional.of(Outcome.rate(onFreshStore(b -> b.enqueueBulk(jobs, batch)), jobs));
    }

    @Override
    public Outcome execute(int jobs, int threads, Duration limit) {
        return Outcome.rate(onFreshStore(b -> b.execute(jobs, threads)), jobs);
    }

    @Override
    public Outcome lateness(int jobs, Duration ahead, int threads) {
        Lateness late = onFreshStore(b -> b.lateness(jobs, ahead, threads));
        return Outcome.lateness(late, jobs, jobs);
    }

    @Override
    public Optional<Outcome> cron(int schedules, Duration duration, int threads) {
        Benchmark.ScheduleResult result = onFreshStore(b -> b.schedules(schedules, duration));
        long expected = result.fires() + result.missed();
        return Optional.of(Outcome.cron(result.lateness(), expected, result.fires() - result.duplicates()));
    }

    private <T> T onFreshStore(Function<Benchmark, T> measurement) {
        try (BenchStore store = BenchStore.open(url, commit)) {
            return measurement.apply(new Benchmark(store.store(), progress));
        }
    }
}
