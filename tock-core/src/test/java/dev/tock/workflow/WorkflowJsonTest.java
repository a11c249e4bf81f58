package dev.tock.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WorkflowJsonTest {

    private static Workflow read(String json) {
        return WorkflowJson.read("default", "w", json.replace('\'', '"'));
    }

    private static void refused(String json, String field, String message) {
        assertThatThrownBy(() -> read(json)).isInstanceOfSatisfying(InvalidWorkflowException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void readsStepsWithDefaultsAndWritesThemBackTheSame() {
        Workflow w = read("{'steps': [{'name': 'a', 'type': 't.a'}, {'name': 'b', 'type': 't.b', 'needs': ['a'],"
                + " 'trigger': 'allDone', 'when': 'inputs.go == true', 'payload': {'x': '{{steps.a.output.x}}'}}]}");
        assertThat(w.failFast()).isTrue();
        assertThat(w.steps().get(1).trigger()).isEqualTo(TriggerRule.ALL_DONE);
        assertThat(WorkflowJson.read("default", "w", WorkflowJson.text(w))).isEqualTo(w);
    }

    @Test
    void aWorkflowWithoutStepsIsRefused() {
        refused("{'steps': []}", "steps", "at least one step");
        refused("{}", "steps", "at least one step");
    }

    @Test
    void anUnknownStepInNeedsIsRefusedNamingTheField() {
        refused("{'steps': [{'name': 'a'}, {'name': 'b'}, {'name': 'c', 'needs': ['a', 'nope']}]}", "steps[2].needs[1]", "unknown step nope");
    }

    @Test
    void aCycleIsRefusedNamingTheNeedThatClosesIt() {
        refused("{'steps': [{'name': 'a', 'needs': ['c']}, {'name': 'b', 'needs': ['a']}, {'name': 'c', 'needs': ['b']}]}",
                "steps[1].needs[0]", "cycle");
        refused("{'steps': [{'name': 'a', 'needs': ['a']}]}", "steps[0].needs[0]", "cycle");
    }

    @Test
    void aTemplateReadingAStepItDoesNotNeedIsRefused() {
        refused("{'steps': [{'name': 'a'}, {'name': 'b', 'payload': {'x': '{{steps.a.output}}'}}]}", "steps[1].payload",
                "steps.a is not a step this one needs");
        refused("{'steps': [{'name': 'a'}, {'name': 'b', 'payload': {'x': '{{steps.zz.output}}'}}]}", "steps[1].payload",
                "steps.zz");
        refused("{'steps': [{'name': 'a', 'when': 'steps.b.output.ok'}, {'name': 'b'}]}", "steps[0].when", "steps.b");
        refused("{'steps': [{'name': 'a', 'payload': {'x': '{{item}}'}}]}", "steps[0].payload", "forEach");
    }

    @Test
    void badFieldsAreRefusedByName() {
        refused("{'steps': [{'name': 'a', 'trigger': 'sometimes'}]}", "steps[0].trigger", "allSucceeded");
        refused("{'steps': [{'name': 'a', 'when': 'inputs.x == '}]}", "steps[0].when", "ends too early");
        refused("{'steps': [{'name': 'a', 'when': 'System.exit(1)'}]}", "steps[0].when", "unknown word");
        refused("{'steps': [{'name': 'a', 'retry': {'maxAttempts': 0}}]}", "steps[0].retry.maxAttempts", "between 1");
        refused("{'steps': [{'name': 'a', 'forEach': {'items': 'not a reference'}}]}", "steps[0].forEach.items", "one reference");
        refused("{'steps': [{'name': 'a'}, {'name': 'b', 'forEach': {'sameAs': 'a'}}]}", "steps[1].forEach.sameAs", "not a step with forEach");
        refused("{'steps': [{'name': 'a'}, {'name': 'a'}]}", "steps[1].name", "already named");
        refused("{'steps': [{'name': 'a', 'colour': 'red'}]}", "steps[0].colour", "unknown field");
        refused("{'steps': [{'name': 'A b'}]}", "steps[0].name", "lower-case");
    }

    /** A number that is not one was read as the default (maxAttempts "x" saved as 3); it is refused, naming the field. */
    @Test
    void numbersThatAreNotNumbersAreRefusedByName() {
        refused("{'steps': [{'name': 'a', 'retry': {'maxAttempts': 'x'}}]}", "steps[0].retry.maxAttempts", "whole number");
        refused("{'steps': [{'name': 'a', 'retry': {'maxAttempts': 2.5}}]}", "steps[0].retry.maxAttempts", "whole number");
        refused("{'steps': [{'name': 'a', 'retry': {'multiplier': 'fast'}}]}", "steps[0].retry.multiplier", "a number");
        refused("{'steps': [{'name': 'a', 'retry': {'maxAtempts': 2}}]}", "steps[0].retry.maxAtempts", "unknown field");
        refused("{'steps': [{'name': 'a', 'retry': 5}]}", "steps[0].retry", "an object");
        refused("{'steps': [{'name': 'a', 'priority': 'high'}]}", "steps[0].priority", "whole number");
        refused("{'steps': [{'name': 'a'}, {'name': 'b', 'forEach': {'items': '{{steps.a.output}}', 'maxParallel': 'lots'}}]}",
                "steps[1].forEach.maxParallel", "whole number");
        refused("{'steps': {'a': {'type': 't'}}}", "steps", "must be a list");
        Workflow quoted = WorkflowJson.read("default", "w", "{'steps': [{'name': 'a', 'priority': '5', 'retry': {'maxAttempts': '4'}}]}"
                .replace('\'', '"'));
        assertThat(quoted.steps().get(0).priority()).as("a whole number written as text, as YAML may").isEqualTo(5);
        assertThat(quoted.steps().get(0).retry().maxAttempts()).isEqualTo(4);
    }

    /** Checks every step of {@code json} as saving does; a definition stored before these rules must still read. */
    private static void refusedOnSave(String json, String field, String message) {
        Workflow stored = read(json);
        assertThatThrownBy(() -> stored.steps().forEach(st -> WorkflowJson.checkForSave(st, "steps[" + stored.steps().indexOf(st) + "]")))
                .isInstanceOfSatisfying(InvalidWorkflowException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    @Test
    void anOutputItsExecutorCannotGiveIsRefusedOnSave() {
        refusedOnSave("{'steps': [{'name': 'a', 'output': 'stdout', 'executor': {'kind': 'http', 'url': 'http://127.0.0.1:9/x'}}]}",
                "steps[0].output", "command executor; this step's executor is http");
        refusedOnSave("{'steps': [{'name': 'a', 'output': 'body', 'executor': {'kind': 'command', 'command': ['true']}}]}",
                "steps[0].output", "an http executor");
        refusedOnSave("{'steps': [{'name': 'a'}, {'name': 'b', 'output': 'body'}]}", "steps[1].output", "result is its output");
        Workflow ok = read("{'steps': [{'name': 'a', 'output': 'stdout', 'executor': {'kind': 'command', 'command': ['true']}},"
                + " {'name': 'b', 'output': 'body', 'executor': {'kind': 'http', 'url': 'http://127.0.0.1:9/x'}}]}");
        ok.steps().forEach(st -> WorkflowJson.checkForSave(st, st.name()));
        assertThat(ok.steps()).extracting(st -> st.output().orElseThrow()).containsExactly("stdout", "body");
    }

    @Test
    void aBlankForEachKeyIsRefusedOnSave() {
        refusedOnSave("{'steps': [{'name': 'a', 'forEach': {'items': '{{inputs.x}}', 'key': ' '}}]}", "steps[0].forEach.key",
                "{{item.id}}");
    }

    @Test
    void declaredInputsAreReadWrittenBackAndTheReferencesToThemChecked() {
        Workflow w = read("{'inputs': {'version': {}, 'env': {'default': 'prod', 'description': 'where it goes'}, 'hosts': null},"
                + " 'steps': [{'name': 'a', 'payload': {'v': '{{inputs.version}}'}, 'when': 'len(inputs.env) > 0'}]}");
        assertThat(w.inputs()).hasValueSatisfying(in -> {
            assertThat(in.keySet()).containsExactly("version", "env", "hosts");
            assertThat(in.get("version").required()).isTrue();
            assertThat(in.get("hosts").required()).as("an input written with no value is required").isTrue();
            assertThat(in.get("env").defaultValue()).hasValueSatisfying(v -> assertThat(v.asText()).isEqualTo("prod"));
            assertThat(in.get("env").description()).hasValue("where it goes");
        });
        String text = WorkflowJson.text(w);
        assertThat(WorkflowJson.text(WorkflowJson.read("default", "w", text))).isEqualTo(text);

        refused("{'inputs': {'version': {}}, 'steps': [{'name': 'a', 'payload': '{{inputs.verison}}'}]}", "steps[0].payload",
                "inputs.verison is not one of the workflow's inputs (version)");
        refused("{'inputs': {'env': {}}, 'steps': [{'name': 'a', 'when': 'inputs.mode == 1'}]}", "steps[0].when", "not one of");
        refused("{'inputs': {}, 'steps': [{'name': 'a', 'payload': '{{inputs.x}}'}]}", "steps[0].payload", "declares none");
        refused("{'inputs': [], 'steps': [{'name': 'a'}]}", "inputs", "must be an object");
        refused("{'inputs': {'v': 5}, 'steps': [{'name': 'a'}]}", "inputs.v", "{default: VALUE}");
        refused("{'inputs': {'v': {'required': true}}, 'steps': [{'name': 'a'}]}", "inputs.v.required", "unknown field");
        refused("{'inputs': {'v': {'description': 5}}, 'steps': [{'name': 'a'}]}", "inputs.v.description", "text");
        refused("{'inputs': {'a b': {}}, 'steps': [{'name': 'a'}]}", "inputs.a b", "name");
        assertThat(read("{'steps': [{'name': 'a', 'payload': '{{inputs.anything}}'}]}").inputs()).as("none declared: any").isEmpty();
    }
}
