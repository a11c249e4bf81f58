package dev.tock.workflow;

import dev.tock.model.NewJob;
import java.util.Optional;

/**
 * What the planner decided for one instance: to create it ({@code isNew}) or change it, and the job to enqueue for
 * it when it starts now (the store sets the job's id on the instance).
 */
public record InstanceChange(StepInstance instance, boolean isNew, Optional<NewJob> job) {
}
