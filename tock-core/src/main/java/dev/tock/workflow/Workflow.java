package dev.tock.workflow;

import java.util.List;
import java.util.Optional;

/**
 * A workflow as defined: named steps (in the order written), whether a dead step cancels the steps not yet
 * started ({@code failFast}, default true), and an {@code onExit} step that runs after all the others,
 * whatever their outcome.
 */
public record Workflow(String namespace, String name, List<WorkflowStep> steps, boolean failFast, Optional<WorkflowStep> onExit) {

    public Workflow {
        steps = List.copyOf(steps);
    }

    public Optional<WorkflowStep> step(String stepName) {
        if (onExit.isPresent() && onExit.get().name().equals(stepName)) {
            return onExit;
        }
        return steps.stream().filter(s -> s.name().equals(stepName)).findFirst();
    }

    /** The first step of the {@code sameAs} chain {@code step} belongs to: the one whose items it pipelines. */
    public String itemSource(WorkflowStep step) {
        WorkflowStep at = step;
        while (at.sameAs().isPresent()) {
            at = step(at.sameAs().get()).orElseThrow();
        }
        return at.name();
    }
}
