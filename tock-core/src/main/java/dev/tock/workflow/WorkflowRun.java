package dev.tock.workflow;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A run of a workflow, with the definition as it was when the run started (editing the workflow never changes
 * a run) and its step instances (empty in listings).
 *
 * @param inputs the run's inputs as a JSON object
 */
public record WorkflowRun(
        String id,
        String namespace,
        String workflow,
        Workflow definition,
        String inputs,
        RunState state,
        Instant createdAt,
        Optional<Instant> finishedAt,
        RunLimits limits,
        List<StepInstance> instances) {

    public WorkflowRun {
        instances = List.copyOf(instances);
    }

    /** The instances of one step: its own and, for a fan-out step, one per item. */
    public List<StepInstance> instancesOf(String step) {
        return instances.stream().filter(i -> i.step().equals(step)).toList();
    }
}
