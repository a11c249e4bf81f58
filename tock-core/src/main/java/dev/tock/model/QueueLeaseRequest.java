package dev.tock.model;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * An external worker's request for up to {@code limit} due jobs of one queue, highest priority first:
 * jobs without an executor (those with one run on nodes' built-in executors), of the given types or of
 * any type. A paused queue gives nothing; a queue with a concurrency limit gives no more than it allows.
 *
 * @param worker the worker's name, stored as the lease owner
 */
public record QueueLeaseRequest(String namespace, String queue, String worker, Optional<Set<String>> types, int limit,
                                Duration leaseDuration) {
    public QueueLeaseRequest {
        Names.requireResourceName("namespace", namespace);
        Names.requireResourceName("queue", queue);
        types = types == null ? Optional.empty() : types.map(Set::copyOf);
        types.ifPresent(t -> t.forEach(Names::requireType));
        if (worker == null || worker.isBlank() || worker.length() > NodeInfo.MAX_ID_LENGTH) {
            throw new IllegalArgumentException("worker name must be 1-" + NodeInfo.MAX_ID_LENGTH + " characters");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("lease limit must be positive, was " + limit);
        }
    }
}
