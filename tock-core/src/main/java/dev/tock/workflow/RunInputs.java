package dev.tock.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * A run's inputs as given, checked against the inputs its workflow declares: none unknown (a misspelt name would
 * otherwise read as missing, an empty text), every required one given, the defaults of the others filled in. A
 * workflow that declares no inputs takes any.
 */
public final class RunInputs {
    private RunInputs() {
    }

    /**
     * @param given the inputs of the run, a JSON object
     * @return the inputs the run starts with
     * @throws InvalidWorkflowException naming {@code inputs.NAME}
     */
    public static ObjectNode resolve(Workflow workflow, ObjectNode given) {
        if (workflow.inputs().isEmpty()) {
            return given;
        }
        Map<String, WorkflowInput> declared = workflow.inputs().get();
        for (Iterator<String> names = given.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!declared.containsKey(name)) {
                throw new InvalidWorkflowException("inputs." + name, "is not an input of workflow " + workflow.name() + " ("
                        + (declared.isEmpty() ? "it takes none" : "its inputs: " + String.join(", ", declared.keySet())) + ")");
            }
        }
        ObjectNode resolved = given.deepCopy();
        for (WorkflowInput input : declared.values()) {
            if (!resolved.has(input.name())) {
                resolved.set(input.name(), input.defaultValue().orElseThrow(() -> new InvalidWorkflowException("inputs." + input.name(),
                        "is required: workflow " + workflow.name() + " gives it no default")));
            }
        }
        return resolved;
    }
}
