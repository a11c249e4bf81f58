package dev.tock.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded waits: every wait of the benchmark ends, with a message saying what never happened. */
final class Waits {
    private Waits() {
    }

    static void until(BooleanSupplier condition, Duration limit, Supplier<String> state) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new BenchException("not done within " + limit + ": " + state.get());
            }
            sleep(Duration.ofMillis(1));
        }
    }

    static void sleep(Duration d) {
        try {
            TimeUnit.NANOSECONDS.sleep(d.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted", e);
        }
    }
}
