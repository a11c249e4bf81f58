package dev.tock.http.dto;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.workflow.Workflow;
import dev.tock.workflow.WorkflowJson;

/**
 * A workflow on the wire: {@code PUT .../workflows/{name}} with {@code {"spec": {"steps": [...]}}}, the same spec as
 * {@code kind: Workflow} in {@code tock apply}.
 */
public record WorkflowRequest(JsonNode spec) {

    public Workflow toWorkflow(String namespace, String name) {
        return WorkflowJson.read(namespace, name, spec);
    }
}
