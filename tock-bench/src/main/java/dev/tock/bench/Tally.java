package dev.tock.bench;

import dev.tock.bench.tock.Lateness;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Which of a run's jobs (numbered 0 to n-1) a scheduler's handler has run, and how late each started.
 * A peer that reports a rate without running every job once shows up here as missing or duplicate
 * runs, and its run fails instead of reporting a number.
 */
final class Tally {
    private final AtomicIntegerArray runs;
    private final AtomicInteger distinct = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final double[] lateMillis;

    Tally(int jobs) {
        this.runs = new AtomicIntegerArray(jobs);
        this.lateMillis = new double[jobs];
    }

    int size() {
        return runs.length();
    }

    /** Records that job {@code index} ran. */
    void ran(int index) {
        if (runs.getAndIncrement(index) == 0) {
            distinct.incrementAndGet();
        } else {
            duplicates.incrementAndGet();
        }
    }

    /** Records that job {@code index}, due at {@code due}, started now. */
    void ranLate(int index, Instant due) {
        lateMillis[index] = Duration.between(due, Instant.now()).toNanos() / 1e6;
        ran(index);
    }

    int distinct() {
        return distinct.get();
    }

    int duplicates() {
        return duplicates.get();
    }

    boolean complete() {
        return distinct.get() >= runs.length();
    }

    /** Start lateness of the jobs recorded with {@link #ranLate}. */
    Lateness lateness() {
        return Lateness.of(lateMillis);
    }

    /** Waits until every job ran once, failing after {@code limit}. */
    void await(Duration limit, String what) {
        Waits.until(this::complete, limit, () -> what + ": " + distinct() + " of " + size() + " jobs ran");
    }

    /** Waits until every job ran once or {@code limit} passed; says whether every job ran. */
    boolean awaitWithin(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!complete() && System.nanoTime() < deadline) {
            Waits.sleep(Duration.ofMillis(1));
        }
        return complete();
    }

    /** Fails unless every job ran exactly once. */
    void requireEachRanOnce(String what) {
        if (distinct() != size() || duplicates() != 0) {
            throw new BenchException(what + ": " + distinct() + " of " + size() + " jobs ran, " + duplicates() + " ran twice");
        }
    }
}
