package dev.tock.http.dto;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.workflow.StoredWorkflow;
import dev.tock.workflow.WorkflowJson;

/**
 * A stored workflow: its spec with every default written out, and a version that grows with each change.
 *
 * @param changed on a put: whether it changed (or, as a dry run, would change) the stored spec; absent on reads
 */
public record WorkflowView(String namespace, String name, long version, JsonNode spec, String createdAt, String updatedAt,
                           Boolean changed) {

    public static WorkflowView of(StoredWorkflow w) {
        return new WorkflowView(w.workflow().namespace(), w.workflow().name(), w.version(), WorkflowJson.write(w.workflow()),
                Fields.format(w.createdAt()), Fields.format(w.updatedAt()), null);
    }

    public WorkflowView withChanged(boolean value) {
        return new WorkflowView(namespace, name, version, spec, createdAt, updatedAt, value);
    }
}
