package dev.tock.store;

import dev.tock.model.AttemptOutcome;
import dev.tock.model.JobState;
import dev.tock.model.LeaseRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The end of one attempt, to be recorded and applied to its job if the lease is still held.
 *
 * @param nextState succeeded, failed (another attempt after {@code retryDelay}) or dead
 * @param retryDelay measured from the store's clock when {@code nextState} is failed
 * @param workflowStep the job is a workflow step's ({@link dev.tock.workflow.StepLabels}): the store moves its run on
 * @param result a workflow step's output, JSON, when it succeeded with one
 */
public record FinishedAttempt(
        LeaseRef lease,
        int attempt,
        String node,
        Instant startedAt,
        Instant endedAt,
        AttemptOutcome outcome,
        JobState nextState,
        Duration retryDelay,
        Optional<String> error,
        Optional<String> output,
        boolean workflowStep,
        Optional<String> result) {

    /** The end of an attempt of a job that is no workflow step. */
    public FinishedAttempt(LeaseRef lease, int attempt, String node, Instant startedAt, Instant endedAt, AttemptOutcome outcome,
                           JobState nextState, Duration retryDelay, Optional<String> error, Optional<String> output) {
        this(lease, attempt, node, startedAt, endedAt, outcome, nextState, retryDelay, error, output, false, Optional.empty());
    }

    public FinishedAttempt {
        result = result == null ? Optional.empty() : result;
        if (nextState != JobState.SUCCEEDED && nextState != JobState.FAILED && nextState != JobState.DEAD) {
            throw new IllegalArgumentException("an attempt ends a job as succeeded, failed or dead, not " + nextState);
        }
    }
}
