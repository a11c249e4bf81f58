package dev.tock.model;


/**
 * What cancelling did.
 *
 * @param previous the state the job was in
 * @param cancelled false when the job had already finished
 */
public record CancelResult(JobState previous, boolean cancelled) {
}
