package dev.tock.worker;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter, for while the server cannot be reached. */
final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private int failures;

    Backoff(Duration initial, Duration max) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
    }

    /** The wait after one more failure: doubling from the initial wait up to the maximum, less up to a fifth at random. */
    Duration next() {
        failures++;
        double exponential = initialMillis * Math.pow(2, Math.min(failures - 1, 30));
        double capped = Math.min(exponential, maxMillis);
        return Duration.ofMillis(Math.round(capped * (1 - 0.2 * ThreadLocalRandom.current().nextDouble())));
    }

    int failures() {
        return failures;
    }

    void reset() {
        failures = 0;
    }
}
