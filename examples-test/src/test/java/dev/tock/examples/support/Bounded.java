package dev.tock.examples.support;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded polling: every wait of these tests ends, and one that runs out says what it waited for. */
public final class Bounded {
    private Bounded() {
    }

    /** Polls {@code condition} every 100 ms until it holds; fails after {@code limit} with {@code what} and {@code context}. */
    public static void await(Duration limit, String what, BooleanSupplier condition, Supplier<String> context) {
        awaitValue(limit, what, () -> condition.getAsBoolean() ? Optional.of(true) : Optional.empty(), context);
    }

    /** Polls {@code probe} every 100 ms until it gives a value, and returns it; fails after {@code limit}. */
    public static <T> T awaitValue(Duration limit, String what, Supplier<Optional<T>> probe, Supplier<String> context) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit + " waiting for " + what + context.get());
            }
            sleep(Duration.ofMillis(100));
        }
    }

    /** Sleeps, restoring the interrupt and failing the test when interrupted. */
    public static void sleep(Duration time) {
        try {
            Thread.sleep(time);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
