package dev.tock.bench;

import dev.tock.bench.tock.BenchStore;
import dev.tock.bench.tock.Benchmark;
import dev.tock.bench.tock.Lateness;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Tock through its library API, measured by {@code tock bench}'s own {@link Benchmark} (each of its
 * measurements checks that every job succeeded), each run on a fresh store in a new schema.
 */
final class TockContender implements Contender {
    private final String url;
    private final PrintWriter progress;

    TockContender(String url, PrintWriter progress) {
        this.url = url;
        this.progress = progress;
    }

    @Override
    public String name() {
        return "Tock";
    }

    @Override
    public String id() {
        return "tock";
    }

    @Override
    public String configuration() {
        return "library API (`Tock.builder()`), defaults but for worker threads: leases of up to 1,000 jobs (the prefetch "
                + "adapts to how fast jobs finish), 1 s poll interval with LISTEN/NOTIFY wake-ups, pool of " + Plan.POOL_SIZE
                + " connections";
    }

    @Override
    public Outcome enqueue(int jobs, int producers) {
        return Outcome.rate(onFreshStore(b -> b.enqueueSingle(jobs, producers)), jobs);
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
        try (BenchStore store = BenchStore.open(url)) {
            return measurement.apply(new Benchmark(store.store(), progress));
        }
    }
}
