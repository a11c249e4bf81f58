package dev.tock.schedule;

import java.time.Duration;
import java.time.Instant;

/**
 * Fire times of {@code @every d}: the instants {@code k * d} after 1970-01-01T00:00Z. Anchoring on
 * the epoch makes every node and every restart agree on the fire times without storing an anchor.
 */
final class EveryFireTimes {
    private EveryFireTimes() {
    }

    /** The first multiple of {@code every} since the epoch strictly after {@code after}. */
    static Instant nextAfter(Duration every, Instant after) {
        long step = every.toMillis();
        // toEpochMilli rounds down, so an 'after' with sub-millisecond digits still moves past it.
        long k = Math.floorDiv(after.toEpochMilli(), step) + 1;
        return Instant.ofEpochMilli(Math.multiplyExact(k, step));
    }
}
