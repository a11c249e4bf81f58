package dev.tock.engine;

import dev.tock.Durations;
import dev.tock.model.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A job's run deadline (its {@code activeDeadline}, Kubernetes' {@code activeDeadlineSeconds}): the run's first
 * start plus the deadline, across every attempt and backoff. An attempt still running then is stopped, and a
 * retry that could not start before it is not made: either way the job ends dead with the reason
 * {@value #REASON}.
 *
 * @param limit the job's {@code activeDeadline}
 * @param at when it passes
 */
record RunDeadline(Duration limit, Instant at) {
    /** The reason a job that ran past its run deadline ends with, first in its last error. */
    static final String REASON = "DeadlineExceeded";

    /** The run deadline of {@code job}, whose current attempt started at {@code attemptStarted}; empty when it has none. */
    static Optional<RunDeadline> of(Job job, Instant attemptStarted) {
        return job.activeDeadline().map(limit -> new RunDeadline(limit, job.runStartedAt().orElse(attemptStarted).plus(limit)));
    }

    /** Whether the deadline has passed at {@code now}. */
    boolean passedAt(Instant now) {
        return !now.isBefore(at);
    }

    /** The last error of a job stopped while an attempt ran. */
    String stoppedMessage(int attempt) {
        return REASON + ": the run deadline (activeDeadline " + Durations.format(limit) + " from the first start) passed during attempt "
                + attempt + ", which was stopped";
    }

    /** The last error of a job whose next attempt could not start before the deadline. */
    String noRetryMessage(int attempt, String error) {
        return REASON + ": the run deadline (activeDeadline " + Durations.format(limit) + " from the first start) passes before "
                + "another attempt could start; attempt " + attempt + " failed: " + error;
    }
}
