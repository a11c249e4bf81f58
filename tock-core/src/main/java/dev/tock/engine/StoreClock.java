package dev.tock.engine;

import java.time.Instant;
import java.util.function.Supplier;

/**
 * The store's clock for display, read at most once a second and advanced by this process's monotonic
 * clock in between: listing a thousand schedules with their next fire times costs one round trip, not
 * a thousand. Decisions (due times, leases, fires) never use it; they ask the store.
 */
final class StoreClock {
    private static final long REREAD_NANOS = 1_000_000_000L;
    private final Supplier<Instant> store;
    private Instant readAt;
    private long readNanos;

    StoreClock(Supplier<Instant> store) {
        this.store = store;
    }

    synchronized Instant now() {
        long nanos = System.nanoTime();
        if (readAt == null || nanos - readNanos > REREAD_NANOS) {
            readAt = store.get();
            readNanos = nanos;
            return readAt;
        }
        return readAt.plusNanos(nanos - readNanos);
    }
}
