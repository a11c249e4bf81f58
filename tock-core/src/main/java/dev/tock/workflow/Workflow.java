package dev.tock.workflow;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A workflow as defined: named steps (in the order written), whether a dead step cancels the steps not yet
 * started ({@code failFast}, default true), an {@code onExit} step that runs after all the others,
 * whatever their outcome, and the inputs its runs take.
 *
 * @param inputs the inputs it declares, by name in the order written; none declared: a run may give any
 */
public record Workflow(String namespace, String name, List<WorkflowStep> steps, boolean failFast, Optional<WorkflowStep> onExit,
                       Optional<Map<String, WorkflowInput>> inputs) {

    public Workflow {
        steps = List.copyOf(steps);
        inputs = inputs.map(m -> Collections.unmodifiableMap(new LinkedHashMap<>(m)));
    }

    /** A workflow that declares no inputs. */
    public Workflow(String namespace, String name, List<WorkflowStep> steps, boolean failFast, Optional<WorkflowStep> onExit) {
        this(namespace, name, steps, failFast, onExit, Optional.empty());
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
