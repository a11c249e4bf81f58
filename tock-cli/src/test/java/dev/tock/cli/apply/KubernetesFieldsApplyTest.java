package dev.tock.cli.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.cli.TestServer;
import dev.tock.cli.TestServer.Run;
import dev.tock.cli.client.ExitCode;
import dev.tock.cli.client.Jsons;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kubernetes field names in {@code tock/v1} specs, and every unknown field reported at once, against a real server. */
class KubernetesFieldsApplyTest {
    @TempDir
    static Path serverFolder;
    static TestServer server;

    @TempDir
    Path files;

    @BeforeAll
    static void start() {
        server = new TestServer(serverFolder);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static final String ALIASED_SCHEDULE = """
            apiVersion: tock/v1
            kind: Schedule
            metadata:
              name: collector
            spec:
              schedule: "*/5 * * * *"
              concurrencyPolicy: Forbid
              startingDeadlineSeconds: 120
              suspend: false
              successfulJobsHistoryLimit: 3
              failedJobsHistoryLimit: 3
              jobTemplate:
                type: weather.collect
                backoffLimit: 4
                activeDeadlineSeconds: 240
            """;
    static final String ALIASED_JOB = """
            apiVersion: tock/v1
            kind: Job
            metadata:
              name: migrate
            spec:
              type: db.migrate
              delay: 1h
              backoffLimit: 3
              activeDeadlineSeconds: 300
              ttlSecondsAfterFinished: 86400
            """;

    private Path write(String name, String... documents) throws IOException {
        Path file = files.resolve(name);
        Files.writeString(file, String.join("---\n", documents));
        return file;
    }

    private static Run ok(String... args) {
        Run run = server.tock(args);
        assertThat(run.exit()).as(run.toString()).isZero();
        return run;
    }

    private static JsonNode json(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-o", "json"));
        return Jsons.JSON.readTree(ok(all.toArray(String[]::new)).out());
    }

    @Test
    void kubernetesNamesAreAliasesWithOneCanonicalSpellingAndReapplyChangesNothing() throws Exception {
        ok("namespaces", "create", "k8s-aliases");
        Path file = write("app.yaml", ALIASED_SCHEDULE, ALIASED_JOB);
        Run first = ok("apply", "-f", file.toString(), "-n", "k8s-aliases");
        assertThat(first.out().lines().toList()).containsExactly("schedule/k8s-aliases/collector created", "job/k8s-aliases/migrate created");

        JsonNode schedule = json("schedules", "get", "collector", "-n", "k8s-aliases");
        assertThat(schedule.get("overlap").asText()).isEqualTo("forbid");
        assertThat(schedule.has("concurrencyPolicy")).isFalse();
        assertThat(schedule.get("startingDeadlineSeconds").asInt()).isEqualTo(120);
        assertThat(schedule.get("successfulJobsHistoryLimit").asInt()).isEqualTo(3);
        assertThat(schedule.get("failedJobsHistoryLimit").asInt()).isEqualTo(3);
        assertThat(schedule.get("jobTemplate").get("retry").get("maxAttempts").asInt()).as("backoffLimit + 1").isEqualTo(5);
        JsonNode job = json("jobs", "list", "-n", "k8s-aliases").get("jobs").get(0);
        assertThat(job.get("retry").get("maxAttempts").asInt()).isEqualTo(4);
        assertThat(job.get("activeDeadline").asText()).isEqualTo("5m");
        assertThat(job.get("retention").asText()).isEqualTo("1d");
        assertThat(schedule.get("jobTemplate").get("activeDeadline").asText()).isEqualTo("4m");
        assertThat(schedule.get("jobTemplate").has("activeDeadlineSeconds")).isFalse();

        assertThat(ok("diff", "-f", file.toString(), "-n", "k8s-aliases").out()).as("aliases compare equal to their canonical form").isEmpty();
        assertThat(ok("apply", "-f", file.toString(), "-n", "k8s-aliases").out().lines().toList())
                .containsExactly("schedule/k8s-aliases/collector unchanged", "job/k8s-aliases/migrate unchanged");

        Path canonical = write("canonical.yaml", ALIASED_SCHEDULE.replace("concurrencyPolicy: Forbid", "overlap: forbid")
                .replace("backoffLimit: 4", "retry: {maxAttempts: 5}").replace("activeDeadlineSeconds: 240", "activeDeadline: 4m"));
        assertThat(ok("diff", "-f", canonical.toString(), "-n", "k8s-aliases").out()).as("either spelling, the same schedule").isEmpty();
    }

    @Test
    void everyUnknownFieldOfADocumentIsReportedAtOnceWithDidYouMean() throws Exception {
        Path file = write("bad.yaml",
                ALIASED_SCHEDULE.replace("concurrencyPolicy: Forbid", "concurencyPolicy: Forbid\n  timezone: UTC\n  colour: blue")
                        .replace("backoffLimit: 4", "backofLimit: 4\n    retry: {maxAttemps: 2}"),
                ALIASED_JOB.replace("backoffLimit: 3", "backoffLimit: 3\n  retry: {maxAttempts: 2}\n  timeOut: 5s"),
                ALIASED_SCHEDULE.replace("name: collector", "name: both").replace("suspend: false", "suspend: false\n  overlap: allow"));
        Run run = server.tock("apply", "-f", file.toString());
        assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCode.REFUSED);
        List<String> lines = run.err().lines().toList();
        String first = file + ": document 1 (Schedule collector): ";
        assertThat(lines).anyMatch(l -> l.contains(first + "spec.concurencyPolicy: unknown field (did you mean concurrencyPolicy?)"))
                .anyMatch(l -> l.contains(first + "spec.timezone: unknown field (did you mean timeZone?)"))
                .anyMatch(l -> l.contains(first + "spec.colour: unknown field (known fields: "))
                .anyMatch(l -> l.contains(first + "spec.jobTemplate.backofLimit: unknown field (did you mean backoffLimit?)"))
                .anyMatch(l -> l.contains(first + "spec.jobTemplate.retry.maxAttemps: unknown field (did you mean maxAttempts?)"))
                .anyMatch(l -> l.contains("document 2 (Job migrate): spec.timeOut: unknown field (did you mean timeout?)"))
                .anyMatch(l -> l.contains("document 2 (Job migrate): spec.backoffLimit: give backoffLimit or retry.maxAttempts, not both"))
                .anyMatch(l -> l.contains("document 3 (Schedule both): spec.concurrencyPolicy: give concurrencyPolicy or overlap, not both"));
        assertThat(lines.stream().filter(l -> l.contains("document 1 ")).count()).as("all five of document 1").isEqualTo(5);
        assertThat(lines.getLast()).isEqualTo("error: nothing was applied (8 problems)");
        assertThat(lines.stream().filter(l -> l.contains("colour")).findFirst().orElseThrow()).doesNotContain("did you mean");
    }

    @Test
    void jobsAndSchedulesTakeARunDeadlineOnTheCommandLine() throws Exception {
        ok("namespaces", "create", "k8s-cli");
        JsonNode job = json("jobs", "submit", "--type", "db.migrate", "--delay", "1h", "--active-deadline", "300s", "--retention", "24h",
                "-n", "k8s-cli");
        assertThat(job.get("activeDeadline").asText()).isEqualTo("5m");
        assertThat(job.get("retention").asText()).isEqualTo("1d");
        ok("schedules", "create", "cleanup", "--schedule", "0 2 * * *", "--type", "cleanup", "--active-deadline", "10m", "--retention", "7d",
                "-n", "k8s-cli");
        assertThat(json("schedules", "get", "cleanup", "-n", "k8s-cli").get("jobTemplate").get("activeDeadline").asText()).isEqualTo("10m");
        assertThat(json("schedules", "get", "cleanup", "-n", "k8s-cli").get("jobTemplate").get("retention").asText()).isEqualTo("7d");
    }

    @Test
    void unknownFieldsOfTheEnvelopeMetadataAndSpecOfAnyKindAreReportedTogether() throws Exception {
        Path file = write("envelope.yaml", """
                apiVersion: tock/v1
                kind: Queue
                metdata: {name: mail}
                specs: {maxRunning: 2}
                """, """
                apiVersion: tock/v1
                kind: Queue
                metadata: {name: mail, namespce: default}
                spec: {maxRuning: 2, pause: true}
                """, """
                apiVersion: tock/v1
                kind: Secret
                metadata: {name: smtp}
                spec:
                  stringdata: {password: x}
                """);
        Run run = server.tock("apply", "-f", file.toString());
        assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCode.REFUSED);
        assertThat(run.err()).contains("document 1 (Queue): metdata: unknown field (did you mean metadata?)")
                .contains("document 1 (Queue): specs: unknown field (did you mean spec?)")
                .contains("document 2 (Queue mail): metadata.namespce: unknown field (did you mean namespace?)")
                .contains("document 2 (Queue mail): spec.maxRuning: unknown field (did you mean maxRunning?)")
                .contains("document 2 (Queue mail): spec.pause: unknown field (did you mean paused?)")
                .contains("document 3 (Secret smtp): spec.stringdata: unknown field (did you mean stringData?)")
                .contains("nothing was applied (6 problems)");
    }
}
