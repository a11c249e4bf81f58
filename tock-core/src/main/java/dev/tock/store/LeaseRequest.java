package dev.tock.store;

import java.time.Duration;
import java.util.Set;

/**
 * Asks the store for up to {@code limit} due jobs of the given types, highest priority first,
 * skipping paused queues and queues at their concurrency limit.
 */
public record LeaseRequest(String node, Set<String> types, int limit, Duration leaseDuration) {
    public LeaseRequest {
        types = Set.copyOf(types);
        if (limit < 1) {
            throw new IllegalArgumentException("lease limit must be positive, was " + limit);
        }
    }
}
