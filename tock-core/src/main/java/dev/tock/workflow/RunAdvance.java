package dev.tock.workflow;

import java.util.List;
import java.util.Optional;

/** The planner's decisions for a run at one moment: instances to create or change, and the run's end if it ended. */
public record RunAdvance(List<InstanceChange> changes, Optional<RunState> finished) {
    public RunAdvance {
        changes = List.copyOf(changes);
    }

    public boolean isEmpty() {
        return changes.isEmpty() && finished.isEmpty();
    }
}
