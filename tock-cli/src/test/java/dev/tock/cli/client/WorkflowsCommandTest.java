package dev.tock.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.cli.TestServer;
import dev.tock.cli.TestServer.Run;
import dev.tock.testing.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tock workflows} and {@code kind: Workflow} in {@code tock apply}, against a real server. */
class WorkflowsCommandTest extends OneServerCommandTest {

    @TempDir
    Path files;

    private static JsonNode runOf(String id) throws Exception {
        return Jsons.JSON.readTree(ok("workflows", "get-run", id, "-o", "json").out());
    }

    private static JsonNode ended(String id) {
        return Eventually.await(Duration.ofSeconds(20), "run " + id + " to end", () -> {
            try {
                return runOf(id);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, r -> !r.get("state").asText().equals("running"));
    }

    @Test
    void appliesRunsFollowsAndRetriesAWorkflow() throws Exception {
        Path file = Files.writeString(files.resolve("deploy.yaml"), """
                apiVersion: tock/v1
                kind: Workflow
                metadata:
                  name: deploy
                spec:
                  steps:
                    - name: migrate
                      type: %s
                      payload: {target: "{{inputs.target}}"}
                    - name: seed
                      type: %s
                      needs: [migrate]
                      retry: {maxAttempts: 1}
                ---
                apiVersion: tock/v1
                kind: Workflow
                metadata:
                  name: fine
                spec:
                  steps:
                    - {name: only, type: %s}
                """.formatted(TestServer.OK_TYPE, TestServer.FAILING_TYPE, TestServer.OK_TYPE));
        assertThat(ok("workflows", "apply", "-f", file.toString()).out())
                .isEqualTo("workflow/default/deploy created\nworkflow/default/fine created\n");
        assertThat(ok("workflows", "apply", "-f", file.toString()).out()).contains("workflow/default/deploy unchanged");
        assertThat(ok("workflows", "list").out()).contains("NAME", "STEPS", "deploy", "fine");
        assertThat(ok("workflows", "get", "deploy", "-o", "yaml").out()).contains("allSucceeded", "failFast: true");

        String ok = Jsons.JSON.readTree(ok("workflows", "run", "fine", "-o", "json").out()).get("id").asText();
        assertThat(ended(ok).get("state").asText()).isEqualTo("succeeded");

        Run started = ok("workflows", "run", "deploy", "--input", "target=10.0.1", "--input", "depth=2");
        String id = started.out().replace("workflow run ", "").replace(" started\n", "");
        JsonNode failed = ended(id);
        assertThat(failed.get("state").asText()).isEqualTo("failed");
        assertThat(failed.get("inputs").toString()).isEqualTo("{\"target\":\"10.0.1\",\"depth\":2}");
        assertThat(ok("workflows", "get-run", id).out()).contains("workflow run " + id + " of deploy: failed", "migrate", "seed", "dead");
        assertThat(ok("workflows", "runs", "deploy", "--state", "failed").out()).contains(id);
        assertThat(ok("workflows", "runs", "deploy", "--state", "succeeded").err()).contains("No workflow runs found");

        String migrateJob = failed.get("steps").get(0).get("jobId").asText();
        assertThat(ok("workflows", "retry", id).out()).isEqualTo("workflow run " + id + " retried\n");
        JsonNode again = ended(id);
        assertThat(again.get("state").asText()).isEqualTo("failed");
        assertThat(again.get("steps").get(0).get("jobId").asText()).as("migrate is kept").isEqualTo(migrateJob);

        Run refused = server.tock("workflows", "cancel", id);
        assertThat(refused.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(refused.err()).contains("failed, not running");
    }

    /**
     * {@code --wait} follows a run to its end, a line per step, and exits by its outcome, as a deployment script needs
     * (migrate, then deploy); a timeout leaves the run going (exit 5), and {@code tock workflows wait} follows it again.
     */
    @Test
    void runWaitsForItsRunAndExitsByTheOutcome() throws Exception {
        Path file = Files.writeString(files.resolve("waited.yaml"), """
                apiVersion: tock/v1
                kind: Workflow
                metadata: {name: waited}
                spec:
                  steps:
                    - {name: first, type: %s}
                    - {name: second, type: %s, needs: [first], retry: {maxAttempts: 1}}
                ---
                apiVersion: tock/v1
                kind: Workflow
                metadata: {name: passes}
                spec:
                  steps:
                    - {name: only, type: %s}
                ---
                apiVersion: tock/v1
                kind: Workflow
                metadata: {name: stalls}
                spec:
                  steps:
                    - {name: never, type: nobody.runs.this}
                """.formatted(TestServer.OK_TYPE, TestServer.FAILING_TYPE, TestServer.OK_TYPE));
        ok("workflows", "apply", "-f", file.toString());

        Run passed = server.tock("workflows", "run", "passes", "--wait");
        assertThat(passed.exit()).as(passed.toString()).isEqualTo(ExitCode.OK);
        assertThat(passed.out()).contains(" started\n", "only: succeeded\n", " of passes: succeeded\n");

        Run failed = server.tock("workflows", "run", "waited", "--wait", "--timeout", "30s");
        assertThat(failed.exit()).as(failed.toString()).isEqualTo(ExitCode.RUN_FAILED);
        assertThat(failed.out()).contains("first: succeeded\n", "second: dead\n", " of waited: failed\n");
        String failedId = failed.out().lines().findFirst().orElseThrow().replace("workflow run ", "").replace(" started", "");
        Run retried = server.tock("workflows", "retry", failedId, "--wait");
        assertThat(retried.exit()).as("second dies again: " + retried).isEqualTo(ExitCode.RUN_FAILED);
        assertThat(retried.out()).startsWith("workflow run " + failedId + " retried\n").contains(" of waited: failed\n");

        Run stalled = server.tock("workflows", "run", "stalls", "--wait", "--timeout", "1s");
        assertThat(stalled.exit()).as(stalled.toString()).isEqualTo(ExitCode.STILL_RUNNING);
        assertThat(stalled.out()).contains("is still running after 1s;");
        String id = stalled.out().lines().findFirst().orElseThrow().replace("workflow run ", "").replace(" started", "");
        assertThat(runOf(id).get("state").asText()).as("a timed-out wait leaves the run going").isEqualTo("running");
        ok("workflows", "cancel", id);
        Run waited = server.tock("workflows", "wait", id, "-o", "json");
        assertThat(waited.exit()).as(waited.toString()).isEqualTo(ExitCode.RUN_FAILED);
        assertThat(Jsons.JSON.readTree(waited.out()).get("state").asText()).isEqualTo("cancelled");

        assertThat(server.tock("workflows", "run", "passes", "--timeout", "1s").exit()).isEqualTo(ExitCode.USAGE);
        assertThat(server.tock("workflows", "wait", id, "--timeout", "soon").exit()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void badWorkflowsAreRefusedNamingTheField() throws Exception {
        Path bad = Files.writeString(files.resolve("bad.yaml"), """
                apiVersion: tock/v1
                kind: Workflow
                metadata: {name: loop}
                spec:
                  steps:
                    - {name: a, type: t, needs: [b]}
                    - {name: b, type: t, needs: [a]}
                """);
        Run refused = server.tock("workflows", "apply", "-f", bad.toString());
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(ExitCode.REFUSED);
        assertThat(refused.err()).contains("steps[1].needs[0]", "cycle");

        Run applied = server.tock("apply", "-f", bad.toString());
        assertThat(applied.exit()).as(applied.toString()).isNotZero();
        assertThat(applied.err()).contains("steps[1].needs[0]");
        assertThat(server.tock("workflows", "run", "nope").exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(server.tock("workflows", "run", "nope", "--input", "novalue").exit()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void tockApplyDeclaresWorkflowsBesideOtherKinds() throws Exception {
        Path file = Files.writeString(files.resolve("all.yaml"), """
                apiVersion: tock/v1
                kind: Queue
                metadata: {name: etl}
                spec: {maxRunning: 2}
                ---
                apiVersion: tock/v1
                kind: Workflow
                metadata: {name: etl-nightly}
                spec:
                  steps:
                    - {name: extract, type: %s, queue: etl}
                    - {name: load, type: %s, needs: [extract], payload: {rows: "{{steps.extract.output}}"}}
                """.formatted(TestServer.OK_TYPE, TestServer.OK_TYPE));
        assertThat(ok("apply", "-f", file.toString()).out()).contains("workflow/default/etl-nightly created");
        assertThat(ok("apply", "-f", file.toString()).out()).contains("workflow/default/etl-nightly unchanged");
        Files.writeString(file, Files.readString(file).replace("queue: etl}", "queue: etl, priority: 5}"));
        Run diff = server.tock("diff", "-f", file.toString());
        assertThat(diff.exit()).as(diff.toString()).isEqualTo(1);
        assertThat(diff.out()).contains("+    priority: 5");
        assertThat(ok("apply", "-f", file.toString()).out()).contains("workflow/default/etl-nightly configured");
        assertThat(ok("workflows", "get", "etl-nightly", "-o", "json").out()).contains("\"priority\": 5");
    }

    /**
     * A Schedule naming a workflow ({@code spec.workflow}, {@code spec.inputs}): applied even when it comes before its
     * workflow in the file (workflows are applied first), unchanged when applied again, and its fire starts a run with
     * its inputs; {@code tock schedules create --workflow} does the same, and mixing it with job options is a usage error.
     */
    @Test
    void aScheduleNamesAWorkflowInApplyAndTheCli() throws Exception {
        Path file = Files.writeString(files.resolve("nightly.yaml"), """
                apiVersion: tock/v1
                kind: Schedule
                metadata: {name: nightly-etl}
                spec:
                  schedule: "0 2 * * *"
                  overlap: forbid
                  workflow: etl-run
                  inputs: {day: "today", rows: 3}
                ---
                apiVersion: tock/v1
                kind: Workflow
                metadata: {name: etl-run}
                spec:
                  steps:
                    - {name: extract, type: %s, payload: {day: "{{inputs.day}}"}}
                """.formatted(TestServer.OK_TYPE));
        assertThat(ok("apply", "-f", file.toString()).out()).contains("workflow/default/etl-run created", "schedule/default/nightly-etl created");
        assertThat(ok("apply", "-f", file.toString()).out()).contains("schedule/default/nightly-etl unchanged");
        JsonNode schedule = Jsons.JSON.readTree(ok("schedules", "get", "nightly-etl", "-o", "json").out());
        assertThat(schedule.get("workflow").asText()).isEqualTo("etl-run");
        assertThat(schedule.get("inputs").toString()).isEqualTo("{\"day\":\"today\",\"rows\":3}");
        assertThat(ok("schedules", "list").out()).contains("WORKFLOW", "etl-run");

        String job = Jsons.JSON.readTree(ok("schedules", "trigger", "nightly-etl", "-o", "json").out()).get("job").asText();
        JsonNode run = ended(job);
        assertThat(run.get("state").asText()).isEqualTo("succeeded");
        assertThat(run.get("inputs").toString()).isEqualTo("{\"day\":\"today\",\"rows\":3}");

        assertThat(ok("schedules", "create", "hourly-etl", "--schedule", "0 * * * *", "--workflow", "etl-run", "--input", "day=yesterday",
                "--overlap", "forbid").out()).contains("hourly-etl created");
        JsonNode hourly = Jsons.JSON.readTree(ok("schedules", "get", "hourly-etl", "-o", "json").out());
        assertThat(hourly.get("workflow").asText()).isEqualTo("etl-run");
        assertThat(hourly.at("/inputs/day").asText()).isEqualTo("yesterday");
        Run mixed = server.tock("schedules", "create", "mixed", "--schedule", "0 * * * *", "--workflow", "etl-run", "--queue", "q");
        assertThat(mixed.exit()).as(mixed.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(mixed.err()).contains("--queue");
        assertThat(server.tock("schedules", "create", "neither", "--schedule", "0 * * * *").exit()).isEqualTo(ExitCode.USAGE);
        Run unknown = server.tock("schedules", "create", "unknown", "--schedule", "0 * * * *", "--workflow", "no-such-workflow");
        assertThat(unknown.exit()).as(unknown.toString()).isEqualTo(ExitCode.REFUSED);
        assertThat(unknown.err()).contains("workflow", "no-such-workflow");
        ok("schedules", "delete", "nightly-etl");
        ok("schedules", "delete", "hourly-etl");
    }
}
