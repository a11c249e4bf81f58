package dev.tock.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A stored job as the store last saw it.
 *
 * @param attempts attempts started so far, including one that is running
 * @param leaseOwner the node holding the lease while {@code state} is running
 */
public record Job(
        JobId id,
        String namespace,
        String queue,
        String type,
        String payload,
        int priority,
        JobState state,
        Instant runAt,
        Instant createdAt,
        Optional<Instant> finishedAt,
        int attempts,
        RetryPolicy retryPolicy,
        Optional<Duration> timeout,
        Optional<String> idempotencyKey,
        Map<String, String> labels,
        Optional<String> leaseOwner,
        Optional<String> lastError) {
}
