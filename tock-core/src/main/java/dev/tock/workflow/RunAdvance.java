package dev.tock.workflow;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The planner's decisions for a run at one moment: instances to create or change, the run's end if it ended, and the
 * item counts of the fan-out steps whose items moved (to store on their step-level instances).
 */
public record RunAdvance(List<InstanceChange> changes, Optional<RunState> finished, Map<String, ItemCounts> counts) {
    public RunAdvance {
        changes = List.copyOf(changes);
        counts = Map.copyOf(counts);
    }

    public boolean isEmpty() {
        return changes.isEmpty() && finished.isEmpty();
    }
}
