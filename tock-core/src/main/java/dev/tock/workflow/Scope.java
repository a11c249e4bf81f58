package dev.tock.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.function.Function;
import java.util.Optional;

/**
 * What a template or a {@code when} condition of one step instance can read: the run's inputs, the outputs of
 * earlier steps (for a step in the same {@code sameAs} chain, the output of the same item's instance), and the
 * item of a fan-out instance.
 */
record Scope(JsonNode inputs, Function<String, JsonNode> outputs, Optional<JsonNode> item) {

    /**
     * Resolves a reference such as {@code inputs.target}, {@code steps.ports.output.open.0} or {@code item.ip};
     * a missing value reads as a {@link MissingNode}.
     *
     * @throws InvalidWorkflowException naming {@code field} when the reference names nothing this scope has
     */
    JsonNode resolve(String reference, String field) {
        String[] parts = reference.split("\\.");
        JsonNode at;
        int from;
        switch (parts[0]) {
            case "inputs" -> {
                at = inputs;
                from = 1;
            }
            case "item" -> {
                at = item.orElseThrow(() -> new InvalidWorkflowException(field, "{{item}} is only known in a forEach step"));
                from = 1;
            }
            case "steps" -> {
                if (parts.length < 3 || !parts[2].equals("output")) {
                    throw new InvalidWorkflowException(field, "a step reference reads steps.NAME.output[.FIELD], not " + reference);
                }
                at = outputs.apply(parts[1]);
                if (at == null) {
                    throw new InvalidWorkflowException(field, "steps." + parts[1] + " is not a step this one needs");
                }
                from = 3;
            }
            default -> throw new InvalidWorkflowException(field, "unknown reference " + reference
                    + " (use inputs.X, steps.NAME.output.X or item)");
        }
        for (int i = from; i < parts.length && !at.isMissingNode(); i++) {
            at = at.isArray() && parts[i].matches("\\d+") ? at.path(Integer.parseInt(parts[i])) : at.path(parts[i]);
        }
        return at;
    }
}
