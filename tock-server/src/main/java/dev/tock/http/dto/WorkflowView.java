package dev.tock.http.dto;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.workflow.StoredWorkflow;
import dev.tock.workflow.WorkflowJson;
import dev.tock.workflow.WorkflowRun;

/**
 * A stored workflow: its spec with every default written out, and a version that grows with each change.
 *
 * @param changed on a put: whether it changed (or, as a dry run, would change) the stored spec; absent on reads
 * @param latestRun in the list of workflows: its latest run, without definition and steps (absent when never run)
 * @param activeRuns in the list of workflows: how many of its runs are running
 */
public record WorkflowView(String namespace, String name, long version, JsonNode spec, String createdAt, String updatedAt,
                           Boolean changed, WorkflowRunView latestRun, Long activeRuns) {

    public static WorkflowView of(StoredWorkflow w) {
        return new WorkflowView(w.workflow().namespace(), w.workflow().name(), w.version(), WorkflowJson.write(w.workflow()),
                Fields.format(w.createdAt()), Fields.format(w.updatedAt()), null, null, null);
    }

    public WorkflowView withChanged(boolean value) {
        return new WorkflowView(namespace, name, version, spec, createdAt, updatedAt, value, latestRun, activeRuns);
    }

    /** As listed: with its latest run (null when never run) and its number of running runs. */
    public WorkflowView withRuns(WorkflowRun latest, long active) {
        return new WorkflowView(namespace, name, version, spec, createdAt, updatedAt, changed,
                latest == null ? null : WorkflowRunView.of(latest, false), active);
    }
}
