package dev.tock.http;

import static dev.tock.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.model.Job;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs run as local processes on a node started with the command executor enabled. */
class CommandExecutorTest extends ApiTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ONE_ATTEMPT = "{\"maxAttempts\": 1}";

    @TempDir
    Path dir;

    @Override
    protected ServerFixture newFixture() {
        return ServerFixture.h2(ServerFixture.config().set("command-executor-enabled", "true"), b -> { }, b -> { });
    }

    @BeforeEach
    void startEngine() {
        fixture.tock.start();
    }

    private JobId create(String executor, String retry) {
        return JobId.parse(http.post(NS + "/jobs", "{\"type\": \"cmd\", \"payload\": {\"city\": \"Oslo\"}, \"retry\": " + retry
                + ", \"executor\": " + executor + "}").expect(201).text("id"));
    }

    private Job finished(JobId id) {
        await(WAIT, "job " + id + " to finish", () -> fixture.tock.jobs().get(id).state().isFinal());
        return fixture.tock.jobs().get(id);
    }

    private JsonNode attempts(JobId id) {
        return http.get(NS + "/jobs/" + id + "/attempts").expect(200).json().get("attempts");
    }

    private static String json(Object value) {
        return Http.json(value);
    }

    @Test
    void aCommandGetsThePayloadOnStdinItsEnvironmentAndDirectoryAndSucceedsOnExitZero() {
        String script = "cat; echo; echo \"job=$TOCK_JOB_ID attempt=$TOCK_ATTEMPT greeting=$GREETING\"; pwd; echo oops >&2";
        JobId id = create(json(Map.of("kind", "command", "shell", script, "env", Map.of("GREETING", "hej"),
                "workingDir", dir.toString())), ONE_ATTEMPT);

        assertThat(finished(id).state()).isEqualTo(JobState.SUCCEEDED);
        String output = attempts(id).get(0).get("output").asText();
        assertThat(output).startsWith("$ /bin/sh -c '" + script + "'\nexit 0 after ")
                .contains("{\"city\":\"Oslo\"}")
                .contains("job=" + id + " attempt=1 greeting=hej")
                .contains(dir.toString())
                .contains("--- stderr (5 bytes) ---\noops");
    }

    @Test
    void aScheduledCommandGetsItsNominalTime() {
        http.put(NS + "/schedules/nightly", "{\"schedule\": \"0 3 * * *\", \"jobTemplate\": {\"type\": \"cmd\", \"retry\": "
                + ONE_ATTEMPT + ", \"executor\": " + json(Map.of("kind", "command", "shell", "echo \"for=$TOCK_NOMINAL_TIME\"")) + "}}")
                .expect(201);
        java.time.Instant threeAm = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1).atTime(3, 0)
                .toInstant(java.time.ZoneOffset.UTC);
        JobId id = JobId.parse(http.post(NS + "/schedules/nightly/backfill", "{\"from\": \"" + threeAm + "\", \"to\": \""
                + threeAm.plusSeconds(1) + "\"}").expect(200).json().get("runs").get(0).get("job").asText());

        assertThat(finished(id).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(attempts(id).get(0).get("output").asText()).contains("for=" + threeAm);
    }

    @Test
    void argumentsAreNotInterpretedByAShell() {
        JobId id = create(json(Map.of("kind", "command", "command", java.util.List.of("/bin/echo", "$HOME; echo injected"))), ONE_ATTEMPT);
        assertThat(finished(id).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(attempts(id).get(0).get("output").asText()).contains("$HOME; echo injected");
    }

    @Test
    void aNonZeroExitFailsTheAttemptAndIsRetriedPerThePolicy() {
        JobId id = create(json(Map.of("kind", "command", "shell", "echo 'disk full' >&2; exit 3")),
                "{\"maxAttempts\": 2, \"initialBackoff\": \"10ms\", \"maxBackoff\": \"10ms\"}");

        Job job = finished(id);
        assertThat(job.state()).isEqualTo(JobState.DEAD);
        assertThat(job.attempts()).isEqualTo(2);
        assertThat(job.lastError()).hasValueSatisfying(e -> assertThat(e).startsWith("exit code 3").contains("disk full")
                .doesNotContain("at dev.tock"));
    }

    @Test
    void aNonRetryableExitCodeEndsTheJobAtOnceAndOthersAreRetried() {
        JobId permanent = create(json(Map.of("kind", "command", "shell", "echo 'bad config' >&2; exit 42",
                "nonRetryableExitCodes", java.util.List.of(42, 43))), "{\"maxAttempts\": 3, \"initialBackoff\": \"10ms\", \"maxBackoff\": \"10ms\"}");
        Job dead = finished(permanent);
        assertThat(dead.state()).isEqualTo(JobState.DEAD);
        assertThat(dead.attempts()).as("not retried").isEqualTo(1);
        assertThat(dead.lastError()).hasValueSatisfying(e -> assertThat(e).startsWith("exit code 42 (not retried").contains("bad config"));

        JobId retried = create(json(Map.of("kind", "command", "shell", "exit 3", "nonRetryableExitCodes", java.util.List.of(42))),
                "{\"maxAttempts\": 2, \"initialBackoff\": \"10ms\", \"maxBackoff\": \"10ms\"}");
        assertThat(finished(retried).attempts()).isEqualTo(2);
        assertThat(http.get(NS + "/jobs/" + permanent).expect(200).json().get("executor").get("nonRetryableExitCodes").toString())
                .isEqualTo("[42,43]");
    }

    @Test
    void aTimeoutStopsTheProcessAndItsGrandchildren() throws Exception {
        Path pidFile = dir.resolve("grandchild.pid");
        // sh -> sh -> sleep: the sleep is a grandchild of the process Tock started.
        String script = "sh -c 'sleep 300 & echo $! > " + pidFile + "; wait' & wait";
        JobId id = create(json(Map.of("kind", "command", "shell", script, "timeout", "1s", "killGrace", "1s")), ONE_ATTEMPT);

        Job job = finished(id);
        assertThat(job.state()).isEqualTo(JobState.DEAD);
        JsonNode attempt = attempts(id).get(0);
        assertThat(attempt.get("outcome").asText()).isEqualTo("timed_out");
        assertThat(attempt.get("error").asText()).isEqualTo("timed out after 1s");
        assertThat(attempt.get("output").asText()).startsWith("$ /bin/sh -c ").contains("timed out after 1s; process tree stopped");
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        await(Duration.ofSeconds(10), "grandchild " + pid + " to be gone",
                () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    }

    /**
     * Whether the command's own timeout or the job's ends it, the error is one line in the units the user
     * wrote, and the command line is in the output.
     */
    @Test
    void aTimeoutIsOneLineInTheUsersUnitsWithTheCommandInTheOutput() {
        JobId byCommand = create(json(Map.of("kind", "command", "command", java.util.List.of("/bin/sleep", "30"), "timeout", "500ms",
                "killGrace", "1s")), ONE_ATTEMPT);
        JobId byJob = JobId.parse(http.post(NS + "/jobs", "{\"type\": \"cmd\", \"timeout\": \"500ms\", \"retry\": " + ONE_ATTEMPT
                + ", \"executor\": " + json(Map.of("kind", "command", "command", java.util.List.of("/bin/sleep", "30"), "killGrace", "1s"))
                + "}").expect(201).text("id"));

        for (JobId id : java.util.List.of(byCommand, byJob)) {
            assertThat(finished(id).state()).isEqualTo(JobState.DEAD);
            JsonNode attempt = attempts(id).get(0);
            assertThat(attempt.get("outcome").asText()).isEqualTo("timed_out");
            assertThat(attempt.get("error").asText()).isEqualTo("timed out after 500ms");
            assertThat(attempt.get("output").asText()).startsWith("$ /bin/sleep 30\n").doesNotContain("java.").doesNotContain("Exception");
        }
    }

    @Test
    void cancellingARunningCommandStopsItsWholeTree() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        String script = "sleep 300 & echo $! > " + pidFile + "; wait";
        JobId id = create(json(Map.of("kind", "command", "shell", script, "killGrace", "1s")), ONE_ATTEMPT);
        await(WAIT, "the command to start", () -> Files.exists(pidFile) && !readQuietly(pidFile).isBlank());
        long pid = Long.parseLong(readQuietly(pidFile).trim());

        http.post(NS + "/jobs/" + id + "/cancel", null).expect(200);
        await(Duration.ofSeconds(10), "child " + pid + " to be gone", () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        assertThat(fixture.tock.jobs().get(id).state()).isEqualTo(JobState.CANCELLED);
    }

    @Test
    void outputIsKeptToItsTailHoweverLong() {
        JobId id = create(json(Map.of("kind", "command", "shell",
                "head -c 5000000 /dev/zero | tr '\\0' 'x'; echo; echo THE-END; head -c 100000 /dev/zero | tr '\\0' 'e' >&2")), ONE_ATTEMPT);

        assertThat(finished(id).state()).isEqualTo(JobState.SUCCEEDED);
        String output = attempts(id).get(0).get("output").asText();
        assertThat(output.length()).isLessThanOrEqualTo(fixture.tock.config().outputTailChars() + 1);
        assertThat(output).contains("THE-END").contains("--- stdout (5000009 bytes) ---").contains("--- stderr (100000 bytes) ---");
    }

    @Test
    void aMissingProgramFailsTheAttempt() {
        JobId id = create(json(Map.of("kind", "command", "command", java.util.List.of("/no/such/program"))), ONE_ATTEMPT);
        Job job = finished(id);
        assertThat(job.state()).isEqualTo(JobState.DEAD);
        assertThat(job.lastError()).hasValueSatisfying(e -> assertThat(e).startsWith("cannot start /no/such/program"));
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
