package dev.tock.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class RunInputsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Workflow DECLARED = workflow("{'inputs': {'version': {}, 'env': {'default': 'prod'}}, 'steps': [{'name': 'a'}]}");

    private static Workflow workflow(String spec) {
        return WorkflowJson.read("default", "release", spec.replace('\'', '"'));
    }

    private static ObjectNode inputs(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json.replace('\'', '"'));
    }

    private static void refused(Workflow w, String given, String field, String message) {
        assertThatThrownBy(() -> RunInputs.resolve(w, inputs(given))).isInstanceOfSatisfying(InvalidWorkflowException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void defaultsFillWhatARunDoesNotGive() throws Exception {
        assertThat(RunInputs.resolve(DECLARED, inputs("{'version': 42}"))).isEqualTo(inputs("{'version': 42, 'env': 'prod'}"));
        assertThat(RunInputs.resolve(DECLARED, inputs("{'version': 42, 'env': 'dev'}"))).isEqualTo(inputs("{'version': 42, 'env': 'dev'}"));
    }

    @Test
    void aMissingRequiredInputIsRefusedByName() {
        refused(DECLARED, "{'env': 'dev'}", "inputs.version", "is required: workflow release gives it no default");
    }

    @Test
    void anInputTheWorkflowDoesNotDeclareIsRefusedByName() {
        refused(DECLARED, "{'verison': 42}", "inputs.verison", "is not an input of workflow release (its inputs: version, env)");
        refused(workflow("{'inputs': {}, 'steps': [{'name': 'a'}]}"), "{'x': 1}", "inputs.x", "it takes none");
    }

    @Test
    void aWorkflowThatDeclaresNoInputsTakesAny() throws Exception {
        ObjectNode given = inputs("{'anything': [1, 2], 'else': null}");
        assertThat(RunInputs.resolve(workflow("{'steps': [{'name': 'a'}]}"), given)).isEqualTo(given);
    }
}
