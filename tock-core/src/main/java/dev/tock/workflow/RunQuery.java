package dev.tock.workflow;

import java.time.Instant;
import java.util.Optional;

/** Which runs to list: of a namespace, optionally one workflow, one state, started since a time; newest first. */
public record RunQuery(String namespace, Optional<String> workflow, Optional<RunState> state, Optional<Instant> since, int limit) {
    public static final int MAX_LIMIT = 500;

    public RunQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidWorkflowException("limit", "must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        // Checked here, not by the database: a name it cannot store (a NUL byte) must be a 400, never a store error.
        workflow.ifPresent(name -> {
            if (!dev.tock.model.Names.isResourceName(name)) {
                throw new InvalidWorkflowException("workflow", "must be a workflow's name (1-63 lower-case letters, digits or '-'), was "
                        + name.replaceAll("\\p{Cntrl}", "?"));
            }
        });
    }
}
