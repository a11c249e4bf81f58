package dev.tock.http.dto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tock.workflow.WorkflowJson;
import dev.tock.workflow.WorkflowRun;
import java.util.List;

/**
 * A workflow run: its state, inputs, the definition it runs (as it was when it started) and, when read alone, its
 * step instances.
 */
public record WorkflowRunView(String id, String namespace, String workflow, String state, JsonNode inputs, String createdAt,
                              String finishedAt, JsonNode definition, List<StepInstanceView> steps) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static WorkflowRunView of(WorkflowRun run, boolean detailed) {
        return new WorkflowRunView(run.id(), run.namespace(), run.workflow(), run.state().wireName(), tree(run.inputs()),
                Fields.format(run.createdAt()), run.finishedAt().map(Fields::format).orElse(null),
                detailed ? WorkflowJson.write(run.definition()) : null,
                detailed ? run.instances().stream().map(StepInstanceView::of).toList() : null);
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return JSON.getNodeFactory().textNode(json);
        }
    }
}
