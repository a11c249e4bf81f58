package dev.tock.model;

import java.time.Instant;
import java.util.Optional;

/**
 * A queue's use of its limits as one key sees it, read at one moment of the store's clock.
 *
 * @param runningInQueue jobs of the queue running now
 * @param runningForKey jobs of the key running now
 * @param queueRateTat the queue's rate limit state (GCRA theoretical arrival time); empty when never used
 * @param keyRateTat the key's rate limit state; empty when never used
 * @param now the store's clock
 */
public record KeyUsage(long runningInQueue, long runningForKey, Optional<Instant> queueRateTat, Optional<Instant> keyRateTat,
                       Instant now) {
}
