package dev.tock.http;

import static dev.tock.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code /v1/namespaces/{ns}/workflows} and {@code .../workflow-runs}: define, run, read, cancel, retry; bad input is a 400 naming its field. */
class WorkflowRoutesTest extends ApiTest {
    private static final String WORKFLOWS = NS + "/workflows";
    private static final String RUNS = NS + "/workflow-runs";

    @Override
    protected ServerFixture newFixture() {
        return ServerFixture.h2(ServerFixture.config(), b -> b
                .handler("wf.first", ctx -> ctx.result("{\"n\": " + ctx.payloadAs(JsonNode.class).get("n").asInt() * 2 + "}"))
                .handler("wf.second", ctx -> { })
                .handler("wf.block", ctx -> Thread.sleep(60_000)), b -> { });
    }

    private static String spec(String steps) {
        return ("{'spec': {'steps': " + steps + "}}").replace('\'', '"');
    }

    @Test
    void aWorkflowIsDefinedRunAndReadWithItsStepInstances() {
        String body = spec("[{'name': 'first', 'type': 'wf.first', 'payload': {'n': '{{inputs.n}}'}},"
                + " {'name': 'second', 'type': 'wf.second', 'needs': ['first'], 'payload': {'got': '{{steps.first.output.n}}'}}]");
        fixture.tock.start();
        Http.Reply created = http.put(WORKFLOWS + "/double", body).expect(201);
        assertThat(created.json().get("version").asLong()).isEqualTo(1);
        assertThat(created.json().at("/spec/steps/0/trigger").asText()).isEqualTo("allSucceeded");
        assertThat(http.put(WORKFLOWS + "/double", body).expect(200).json().get("changed").asBoolean()).isFalse();
        JsonNode listed = http.get(WORKFLOWS).expect(200).json().get("workflows");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).has("latestRun")).as("never run").isFalse();
        assertThat(listed.get(0).get("activeRuns").asLong()).isZero();

        JsonNode run = http.post(WORKFLOWS + "/double/runs", "{\"inputs\": {\"n\": 21}}").expect(201).json();
        String id = run.get("id").asText();
        JsonNode done = await(Duration.ofSeconds(20), "the run to succeed", () -> http.get(RUNS + "/" + id).expect(200).json(),
                r -> r.get("state").asText().equals("succeeded"));
        assertThat(done.get("steps")).extracting(s -> s.get("step").asText() + "=" + s.get("state").asText())
                .containsExactly("first=succeeded", "second=succeeded");
        assertThat(done.at("/steps/0/output/n").asInt()).isEqualTo(42);
        assertThat(done.at("/inputs/n").asInt()).isEqualTo(21);
        assertThat(http.get(WORKFLOWS + "/double/runs?state=succeeded").expect(200).json().get("runs"))
                .extracting(r -> r.get("id").asText()).containsExactly(id);
        assertThat(http.get(RUNS + "?workflow=double&state=failed").expect(200).json().get("runs")).isEmpty();
        JsonNode withRun = http.get(WORKFLOWS).expect(200).json().at("/workflows/0");
        assertThat(withRun.at("/latestRun/id").asText()).isEqualTo(id);
        assertThat(withRun.at("/latestRun/state").asText()).isEqualTo("succeeded");
        assertThat(withRun.at("/latestRun").has("steps")).as("the list carries no instances").isFalse();
        assertThat(withRun.get("activeRuns").asLong()).isZero();
        http.post(RUNS + "/" + id + "/cancel", "").expectProblem(409, null);
        http.post(RUNS + "/" + id + "/retry", "").expectProblem(409, null);
    }

    @Test
    void aRunningRunIsCancelled() {
        fixture.tock.start();
        http.put(WORKFLOWS + "/slow", spec("[{'name': 'block', 'type': 'wf.block'}, {'name': 'after', 'type': 'wf.second', 'needs': ['block']}]"))
                .expect(201);
        String id = http.post(WORKFLOWS + "/slow/runs", "{}").expect(201).json().get("id").asText();
        JsonNode cancelled = http.post(RUNS + "/" + id + "/cancel", "").expect(200).json();
        assertThat(cancelled.get("state").asText()).isEqualTo("cancelled");
        assertThat(cancelled.at("/steps/0/state").asText()).isEqualTo("cancelled");
        JsonNode retried = http.post(RUNS + "/" + id + "/retry", "").expect(200).json();
        assertThat(retried.get("state").asText()).isEqualTo("running");
    }

    @Test
    void badWorkflowsAndInputsAreProblemsNamingTheField() {
        http.put(WORKFLOWS + "/bad", spec("[]")).expectProblem(400, "steps");
        http.put(WORKFLOWS + "/bad", spec("[{'name': 'a', 'type': 'wf.first'}, {'name': 'b', 'type': 'wf.first'},"
                + " {'name': 'c', 'type': 'wf.first', 'needs': ['a', 'nope']}]")).expectProblem(400, "steps[2].needs[1]");
        http.put(WORKFLOWS + "/bad", spec("[{'name': 'a', 'type': 'wf.first', 'needs': ['b']}, {'name': 'b', 'type': 'wf.first', 'needs': ['a']}]"))
                .expectProblem(400, "steps[1].needs[0]");
        http.put(WORKFLOWS + "/bad", spec("[{'name': 'a', 'type': 'wf.first', 'payload': {'x': '{{steps.zz.output}}'}}]"))
                .expectProblem(400, "steps[0].payload");
        http.put(WORKFLOWS + "/bad", spec("[{'name': 'a', 'type': 'wf.first', 'when': 'inputs.x ==='}]")).expectProblem(400, "steps[0].when");
        http.put(WORKFLOWS + "/bad", "{}").expectProblem(400, "spec");
        http.put(WORKFLOWS + "/bad", spec("[{'name': 'a', 'type': 'wf.first', 'output': 'body'}]")).expectProblem(400, "steps[0].output");
        http.put(WORKFLOWS + "/bad", spec("[{'name': 'a', 'type': 'wf.first', 'forEach': {'items': '{{inputs.x}}', 'key': ''}}]"))
                .expectProblem(400, "steps[0].forEach.key");
        http.put(WORKFLOWS + "/Bad_Name", spec("[{'name': 'a', 'type': 'wf.first'}]")).expectProblem(400, "name");
        http.get(WORKFLOWS + "/bad").expectProblem(404, null);

        http.put(WORKFLOWS + "/ok", spec("[{'name': 'a', 'type': 'wf.second'}]")).expect(201);
        http.post(WORKFLOWS + "/ok/runs", "{\"inputs\": [1, 2]}").expectProblem(400, "inputs");
        http.post(WORKFLOWS + "/missing/runs", "{}").expectProblem(404, null);
        // A workflow that declares its inputs refuses a run that misses a required one or gives one it does not know.
        http.put(WORKFLOWS + "/declared", ("{'spec': {'inputs': {'version': {}, 'env': {'default': 'prod'}},"
                + " 'steps': [{'name': 'a', 'type': 'wf.second', 'payload': {'v': '{{inputs.version}}'}}]}}").replace('\'', '"'))
                .expect(201);
        http.post(WORKFLOWS + "/declared/runs", "{\"inputs\": {\"env\": \"dev\"}}").expectProblem(400, "inputs.version");
        http.post(WORKFLOWS + "/declared/runs", "{\"inputs\": {\"verison\": 4}}").expectProblem(400, "inputs.verison");
        JsonNode started = http.post(WORKFLOWS + "/declared/runs", "{\"inputs\": {\"version\": 4}}").expect(201).json();
        assertThat(started.at("/inputs/version").asInt()).isEqualTo(4);
        assertThat(started.at("/inputs/env").asText()).as("the run records the default it took").isEqualTo("prod");
        http.put(WORKFLOWS + "/bad", ("{'spec': {'inputs': {'version': {}}, 'steps': [{'name': 'a', 'type': 'wf.second',"
                + " 'payload': {'v': '{{inputs.verison}}'}}]}}").replace('\'', '"')).expectProblem(400, "steps[0].payload");
        http.put(NS + "/schedules/bad", "{\"schedule\": \"0 3 * * *\", \"workflow\": \"declared\", \"inputs\": {\"verison\": 4}}")
                .expectProblem(400, "inputs.verison");
        http.put(NS + "/schedules/bad", "{\"schedule\": \"0 3 * * *\", \"workflow\": \"declared\"}").expectProblem(400, "inputs.version");
        http.get(WORKFLOWS + "/ok/runs?state=sideways").expectProblem(400, "state");
        http.get(WORKFLOWS + "/ok/runs?limit=0").expectProblem(400, "limit");
        http.get(RUNS + "/no-such-run").expectProblem(404, null);
        // Values the database cannot hold (a NUL byte) are refused or not found, never a store error (found by FuzzTest).
        http.get(RUNS + "?workflow=%00x").expectProblem(400, "workflow");
        http.get(RUNS + "/" + "z".repeat(36)).expectProblem(404, null);
        http.post(RUNS + "/" + "z".repeat(36) + "/cancel", "").expectProblem(404, null);
    }

    /**
     * A schedule naming a workflow ({@code workflow} and {@code inputs} instead of {@code jobTemplate}): shown the way it
     * was written, its fire starts a run with its inputs, and bad input is a 400 naming the field.
     */
    @Test
    void aScheduleNamesAWorkflowAndItsInputs() {
        fixture.tock.start();
        http.put(WORKFLOWS + "/double", spec("[{'name': 'first', 'type': 'wf.first', 'payload': {'n': '{{inputs.n}}'}}]")).expect(201);
        String schedule = "{'schedule': '0 3 * * *', 'workflow': 'double', 'inputs': {'n': 4}}".replace('\'', '"');
        JsonNode created = http.put(NS + "/schedules/doubling", schedule).expect(201).json();
        assertThat(created.get("workflow").asText()).isEqualTo("double");
        assertThat(created.at("/inputs/n").asInt()).isEqualTo(4);
        assertThat(created.path("jobTemplate").isMissingNode() || created.get("jobTemplate").isNull()).isTrue();
        // The old form, a starter job template, is the same schedule: shown with the workflow field.
        String old = "{'schedule': '0 3 * * *', 'jobTemplate': {'type': 'tock.workflow', 'payload': {'workflow': 'double', 'inputs': {'n': 4}}}}";
        assertThat(http.put(NS + "/schedules/doubling-old", old.replace('\'', '"')).expect(201).json().get("workflow").asText()).isEqualTo("double");

        String job = http.post(NS + "/schedules/doubling/trigger", "").expect(200).json().get("job").asText();
        JsonNode run = await(Duration.ofSeconds(20), "the fire's run to succeed", () -> http.get(RUNS + "/" + job),
                r -> r.status() == 200 && r.json().get("state").asText().equals("succeeded")).json();
        assertThat(run.get("workflow").asText()).isEqualTo("double");
        assertThat(run.at("/steps/0/output/n").asInt()).isEqualTo(8);

        String bad = NS + "/schedules/bad";
        http.put(bad, "{\"schedule\": \"0 3 * * *\", \"workflow\": \"missing\"}").expectProblem(400, "workflow");
        http.put(bad, "{\"schedule\": \"0 3 * * *\", \"workflow\": \"Not A Name\"}").expectProblem(400, "workflow");
        http.put(bad, "{\"schedule\": \"0 3 * * *\", \"workflow\": \"double\", \"inputs\": [1]}").expectProblem(400, "inputs");
        http.put(bad, "{\"schedule\": \"0 3 * * *\", \"workflow\": \"double\", \"inputs\": \"n=1\"}").expectProblem(400, "inputs");
        http.put(bad, "{\"schedule\": \"0 3 * * *\", \"workflow\": \"double\", \"jobTemplate\": {\"type\": \"wf.second\"}}")
                .expectProblem(400, "workflow");
        http.put(bad, "{\"schedule\": \"0 3 * * *\", \"inputs\": {}, \"jobTemplate\": {\"type\": \"wf.second\"}}")
                .expectProblem(400, "inputs");
        http.put(bad, "{\"schedule\": \"0 3 * * *\"}").expectProblem(400, "jobTemplate");
        http.put(bad, "{\"schedule\": \"0 3 * * *\", \"jobTemplate\": {\"type\": \"tock.workflow\", \"priority\": 5, \"payload\": {\"workflow\": \"missing\"}}}")
                .expectProblem(400, "jobTemplate.payload.workflow");
        http.get(bad).expectProblem(404, null);
    }
}
