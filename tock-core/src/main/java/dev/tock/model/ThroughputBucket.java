package dev.tock.model;

import java.time.Instant;

/**
 * What a namespace's jobs did in one interval of time: how many finished in each final state, and how
 * many attempts failed (including those retried later).
 *
 * @param start the start of the interval; it ends where the next bucket starts
 * @param succeeded jobs that succeeded in it
 * @param dead jobs that failed their last attempt in it
 * @param cancelled jobs cancelled in it
 * @param failedAttempts attempts that failed, timed out or lost their lease in it
 */
public record ThroughputBucket(Instant start, long succeeded, long dead, long cancelled, long failedAttempts) {
}
