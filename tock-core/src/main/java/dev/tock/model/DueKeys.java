package dev.tock.model;

/**
 * The other concurrency keys of a queue that have due jobs, counted over a bounded read of those jobs.
 *
 * @param keys distinct keys seen
 * @param partial whether the read stopped at its bound before the last due job: there may be more keys
 */
public record DueKeys(long keys, boolean partial) {
}
