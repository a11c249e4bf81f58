package dev.tock.store;

import java.time.Duration;
import java.util.Set;

/**
 * Asks the store for up to {@code limit} due jobs, highest priority first, skipping paused queues and
 * queues at their concurrency limit: jobs without an executor whose type is one of {@code types}, and
 * jobs whose executor kind is one of {@code executors}.
 */
public record LeaseRequest(String node, Set<String> types, int limit, Duration leaseDuration, Set<String> executors) {
    public LeaseRequest {
        types = Set.copyOf(types);
        executors = executors == null ? Set.of() : Set.copyOf(executors);
        if (limit < 1) {
            throw new IllegalArgumentException("lease limit must be positive, was " + limit);
        }
    }

    /** Jobs of these handler types only. */
    public LeaseRequest(String node, Set<String> types, int limit, Duration leaseDuration) {
        this(node, types, limit, leaseDuration, Set.of());
    }
}
