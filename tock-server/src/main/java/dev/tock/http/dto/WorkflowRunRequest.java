package dev.tock.http.dto;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code POST .../workflows/{name}/runs}: the run's inputs, a JSON object (none: {@code {}}). */
public record WorkflowRunRequest(JsonNode inputs) {

    public String inputsJson() {
        return inputs == null || inputs.isNull() ? "{}" : inputs.toString();
    }
}
