package dev.tock.model;

import java.time.Instant;
import java.util.Optional;

/**
 * One recorded attempt at a job.
 *
 * @param number 1 for the first attempt
 * @param node the node that ran it
 * @param output the tail of what the handler wrote, bounded
 */
public record Attempt(
        JobId jobId,
        int number,
        String node,
        Instant startedAt,
        Instant endedAt,
        AttemptOutcome outcome,
        Optional<String> error,
        Optional<String> output) {
}
