package dev.tock.alert;

import java.time.Instant;
import java.util.Optional;

/**
 * One run of a subject: a schedule's nominal time, or a job of a type or queue.
 *
 * @param key what identifies the run in an alert's occurrence: the nominal time, or the job id
 * @param due when it was meant to start: the nominal time, or the job's run-at time
 * @param startedAt when its first attempt started, if one has
 * @param finishedAt when it ended, if it has
 */
public record RunRecord(String key, Instant due, RunOutcome outcome, Optional<Instant> startedAt, Optional<Instant> finishedAt) {
}
