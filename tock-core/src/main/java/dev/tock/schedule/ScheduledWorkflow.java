package dev.tock.schedule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tock.model.InvalidJobException;
import dev.tock.model.JobTemplate;
import dev.tock.model.JsonText;
import dev.tock.model.Names;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * The workflow a schedule starts at each fire ({@code spec.workflow} and {@code spec.inputs}). Underneath, each fire
 * makes one starter job of the built-in type {@value #STARTER_TYPE} with payload {@code {"workflow": NAME, "inputs":
 * {...}}}, which starts one run and lasts as long as it: so the schedule's exactly-once fire, overlap policy, missed
 * runs and history apply to runs as they do to jobs.
 *
 * @param name the workflow, in the schedule's namespace
 * @param inputsJson the run's inputs, a JSON object
 */
public record ScheduledWorkflow(String name, String inputsJson) {
    /** The job type that starts a workflow run and waits for its end. */
    public static final String STARTER_TYPE = "tock.workflow";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> PAYLOAD_FIELDS = Set.of("workflow", "inputs");

    public ScheduledWorkflow {
        Names.requireResourceName("workflow", name);
        inputsJson = inputsObject(inputsJson).toString();
    }

    /** The starter job's template: the built-in type, the default queue, no retries beyond the default. */
    public JobTemplate template() {
        ObjectNode payload = JSON.createObjectNode().put("workflow", name);
        payload.set("inputs", inputsObject(inputsJson));
        return JobTemplate.of(STARTER_TYPE).withPayload(payload.toString());
    }

    /**
     * The workflow of a template that is exactly a starter with every other setting at its default (what
     * {@link #template()} makes), whichever way it was written; empty for any other template.
     */
    public static Optional<ScheduledWorkflow> of(JobTemplate template) {
        if (!template.type().equals(STARTER_TYPE) || !template.withPayload("{}").equals(JobTemplate.of(STARTER_TYPE))) {
            return Optional.empty();
        }
        JsonNode payload = read(template.payload());
        if (!payload.path("workflow").isTextual() || !(payload.path("inputs").isObject() || payload.path("inputs").isMissingNode())) {
            return Optional.empty();
        }
        for (Iterator<String> it = payload.fieldNames(); it.hasNext(); ) {
            if (!PAYLOAD_FIELDS.contains(it.next())) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(new ScheduledWorkflow(payload.get("workflow").asText(), payload.path("inputs").toString()));
        } catch (InvalidJobException e) {
            return Optional.empty();
        }
    }

    /** The workflow a starter template names, whatever its other settings; empty for any other template. */
    public static Optional<String> namedBy(JobTemplate template) {
        if (!template.type().equals(STARTER_TYPE)) {
            return Optional.empty();
        }
        JsonNode workflow = read(template.payload()).path("workflow");
        return workflow.isTextual() ? Optional.of(workflow.asText()) : Optional.empty();
    }

    private static ObjectNode inputsObject(String json) {
        if (json == null || json.isBlank()) {
            return JSON.createObjectNode();
        }
        JsonNode node;
        try {
            node = JsonText.read(json);
        } catch (JsonProcessingException e) {
            throw new InvalidJobException("inputs", "is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            return JSON.createObjectNode();
        }
        if (!(node instanceof ObjectNode object)) {
            throw new InvalidJobException("inputs", "must be a JSON object, e.g. {\"target\": \"10.0.1\"}, was " + node.getNodeType()
                    .toString().toLowerCase(java.util.Locale.ROOT));
        }
        return object;
    }

    private static JsonNode read(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return node == null ? JSON.missingNode() : node;
        } catch (JsonProcessingException e) {
            return JSON.missingNode();
        }
    }
}
