package dev.tock.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * An input a workflow declares ({@code spec.inputs.NAME}): a run must give it unless it has a default, which a run
 * that does not give it gets.
 *
 * @param defaultValue the value of a run that does not give it; none makes it required
 * @param description what it is, for people reading the workflow
 */
public record WorkflowInput(String name, Optional<JsonNode> defaultValue, Optional<String> description) {

    public boolean required() {
        return defaultValue.isEmpty();
    }
}
