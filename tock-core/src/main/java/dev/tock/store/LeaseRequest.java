package dev.tock.store;

import java.time.Duration;
import java.util.Set;

/**
 * Asks the store for up to {@code limit} due jobs, highest priority first, skipping paused queues and
 * queues at their concurrency limit: jobs without an executor whose type is one of {@code types}, and
 * jobs whose executor kind is one of {@code executors}.
 *
 * @param startsAtOnce how many of the leased jobs, the first in lease order, the node starts at once (it
 *     has that many workers free); the rest it holds until a worker is free, and the store shows them as
 *     {@link dev.tock.model.JobState#LEASED} until the node records their start
 *     ({@link HeldLeaseStore#recordStarts}). Between 0 and {@code limit}.
 */
public record LeaseRequest(String node, Set<String> types, int limit, Duration leaseDuration, Set<String> executors,
                           int startsAtOnce) {
    public LeaseRequest {
        types = Set.copyOf(types);
        executors = executors == null ? Set.of() : Set.copyOf(executors);
        if (limit < 1) {
            throw new IllegalArgumentException("lease limit must be positive, was " + limit);
        }
        if (startsAtOnce < 0 || startsAtOnce > limit) {
            throw new IllegalArgumentException("startsAtOnce must be between 0 and the limit " + limit + ", was " + startsAtOnce);
        }
    }

    /** Jobs that all start at once. */
    public LeaseRequest(String node, Set<String> types, int limit, Duration leaseDuration, Set<String> executors) {
        this(node, types, limit, leaseDuration, executors, limit);
    }

    /** Jobs of these handler types only, that all start at once. */
    public LeaseRequest(String node, Set<String> types, int limit, Duration leaseDuration) {
        this(node, types, limit, leaseDuration, Set.of());
    }
}
