package dev.tock.model;


/**
 * The outcome of enqueueing one job.
 *
 * @param created false when the idempotency key matched an existing job, whose id this is
 */
public record Enqueued(JobId id, boolean created) {
}
