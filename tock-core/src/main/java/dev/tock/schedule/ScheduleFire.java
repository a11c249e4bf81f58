package dev.tock.schedule;

import dev.tock.model.JobId;
import dev.tock.model.JobState;
import java.time.Instant;
import java.util.Optional;

/**
 * The record of one nominal fire time of a schedule.
 *
 * @param manual true for a fire asked for by hand (trigger), not by the clock
 * @param job the job enqueued for it, when it fired
 */
public record ScheduleFire(String namespace, String schedule, Instant nominalTime, FireOutcome outcome, boolean manual,
                           Optional<JobId> job, Optional<JobState> jobState, String node, Instant recordedAt) {
}
