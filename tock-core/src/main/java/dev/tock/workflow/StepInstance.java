package dev.tock.workflow;

import dev.tock.model.JobId;
import dev.tock.model.JobState;
import java.time.Instant;
import java.util.Optional;

/**
 * One instance of a step in a run, stored under the unique key (run, step, item key). A step without
 * {@code forEach} has one, under the empty key; a fan-out step has one under the empty key that stands for the
 * whole step (its {@code itemCount} and fan-in output) and one per item.
 *
 * @param itemIndex the item's place in the list (0 for the step's own instance)
 * @param item the item as JSON, for a fan-out item
 * @param jobId the job that runs it, once started
 * @param jobState that job's state when read, for views
 */
public record StepInstance(
        String step,
        String itemKey,
        int itemIndex,
        int itemCount,
        Optional<String> item,
        InstanceState state,
        Optional<JobId> jobId,
        Optional<String> output,
        Optional<String> error,
        Instant createdAt,
        Optional<Instant> finishedAt,
        Optional<JobState> jobState) {

    public static final String STEP_KEY = "";

    public boolean isStepLevel() {
        return itemKey.isEmpty();
    }

    StepInstance with(InstanceState newState, Optional<String> newOutput, Optional<String> newError, Instant at) {
        return new StepInstance(step, itemKey, itemIndex, itemCount, item, newState, jobId, newOutput, newError, createdAt,
                newState.isFinal() ? Optional.of(at) : Optional.empty(), jobState);
    }

    static StepInstance of(String step, String itemKey, int itemIndex, int itemCount, Optional<String> item, InstanceState state,
                           Optional<String> error, Instant now) {
        return new StepInstance(step, itemKey, itemIndex, itemCount, item, state, Optional.empty(), Optional.empty(), error, now,
                state.isFinal() ? Optional.of(now) : Optional.empty(), Optional.empty());
    }
}
