package dev.tock.model;


/**
 * An attempt that failed, timed out or lost its lease, with what a reader needs to know about its job.
 *
 * @param jobState the job's state now: {@code failed} while a retry waits, {@code dead} when none is left
 */
public record RecentFailure(Attempt attempt, String queue, String type, JobState jobState) {
}
