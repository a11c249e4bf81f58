package dev.tock.cli.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.cli.TestServer;
import dev.tock.cli.TestServer.Run;
import dev.tock.cli.client.ExitCode;
import dev.tock.cli.client.Jsons;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tock apply} and {@code tock diff} against a real server; each test works in a namespace of its own. */
class ApplyCommandTest {
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

    static final String QUEUE = """
            apiVersion: tock/v1
            kind: Queue
            metadata:
              name: mail
            spec:
              maxRunning: 4
            """;
    static final String SCHEDULE = """
            apiVersion: tock/v1
            kind: Schedule
            metadata:
              name: nightly
            spec:
              schedule: "0 2 * * *"
              overlap: forbid
              jobTemplate:
                type: cleanup
                queue: mail
                payload: {olderThanDays: 30}
                retry: {maxAttempts: 5}
            """;
    static final String JOB = """
            apiVersion: tock/v1
            kind: Job
            metadata:
              name: welcome-ada
              labels: {team: growth}
            spec:
              type: email.send
              queue: mail
              delay: 1h
              payload: {to: ada@example.com}
            """;

    static final String SECRET = """
            apiVersion: tock/v1
            kind: Secret
            metadata:
              name: smtp
            spec:
              stringData:
                password: apply-secret-one
                user: mailer
            """;
    static final String HOOK = """
            apiVersion: tock/v1
            kind: Schedule
            metadata:
              name: hook
            spec:
              schedule: "@daily"
              jobTemplate:
                type: notify
                executor:
                  kind: http
                  url: https://hooks.example.com/notify
                  headers:
                    X-Team: ops
                    Authorization:
                      valueFrom:
                        secretKeyRef: {name: smtp, key: password}
            """;

    private static Run ok(String... args) {
        Run run = server.tock(args);
        assertThat(run.exit()).as(run.toString()).isZero();
        return run;
    }

    private static Run tock(String... args) {
        return server.tock(args);
    }

    private static String namespace(String name) {
        ok("namespaces", "create", name);
        return name;
    }

    private Path write(String name, String... documents) throws IOException {
        Path file = files.resolve(name);
        Files.writeString(file, String.join("---\n", documents));
        return file;
    }

    private static JsonNode json(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-o", "json"));
        return Jsons.JSON.readTree(ok(all.toArray(String[]::new)).out());
    }

    @Test
    void appliesQueueScheduleAndJobThenReapplyingChangesNothing() throws Exception {
        String ns = namespace("apply-basic");
        write("queue.yaml", QUEUE);
        write("app.yml", SCHEDULE, JOB);
        write("notes.txt", "not a document");

        Run first = ok("apply", "-f", files.toString(), "-n", ns);
        assertThat(first.out().lines().toList()).containsExactly(
                "queue/apply-basic/mail created", "schedule/apply-basic/nightly created", "job/apply-basic/welcome-ada created");

        JsonNode schedule = json("schedules", "get", "nightly", "-n", ns);
        assertThat(schedule.get("overlap").asText()).isEqualTo("forbid");
        assertThat(schedule.get("jobTemplate").get("retry").get("maxAttempts").asInt()).isEqualTo(5);
        assertThat(json("queues", "get", "mail", "-n", ns).get("maxRunning").asInt()).isEqualTo(4);
        JsonNode jobs = json("jobs", "list", "-n", ns).get("jobs");
        assertThat(jobs).hasSize(1);
        assertThat(jobs.get(0).get("labels").get("team").asText()).isEqualTo("growth");
        assertThat(jobs.get(0).get("idempotencyKey").asText()).isEqualTo("tock.dev/apply/apply-basic/welcome-ada");

        Run again = ok("apply", "-f", files.toString(), "-n", ns);
        assertThat(again.out().lines().toList()).containsExactly(
                "queue/apply-basic/mail unchanged", "schedule/apply-basic/nightly unchanged", "job/apply-basic/welcome-ada unchanged");
        assertThat(json("schedules", "get", "nightly", "-n", ns).get("createdAt")).isEqualTo(schedule.get("createdAt"));
        assertThat(json("jobs", "list", "-n", ns).get("jobs")).as("a Job document is enqueued once").hasSize(1);

        Files.writeString(files.resolve("app.yml"), String.join("---\n", SCHEDULE, JOB.replace("ada@example.com", "bob@example.com")));
        Run diff = tock("diff", "-f", files.toString(), "-n", ns);
        assertThat(diff.exit()).as(diff.toString()).isEqualTo(1);
        assertThat(diff.out()).contains("job/apply-basic/welcome-ada: immutable field changed (payload)")
                .contains("-  to: ada@example.com", "+  to: bob@example.com");
        Run refused = tock("apply", "-f", files.toString(), "-n", ns);
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.out()).as("nothing was applied").isEmpty();
        assertThat(refused.err()).contains("job/apply-basic/welcome-ada: immutable field changed (payload): a submitted job cannot be "
                + "updated; to submit a new job, give the document a new metadata.name").contains("nothing was applied");
        assertThat(json("jobs", "list", "-n", ns).get("jobs")).as("a Job document is enqueued once, even when it changed").hasSize(1);

        Files.writeString(files.resolve("app.yml"), String.join("---\n", SCHEDULE,
                JOB.replace("welcome-ada", "welcome-bob").replace("ada@example.com", "bob@example.com")));
        assertThat(ok("apply", "-f", files.toString(), "-n", ns).out()).contains("job/apply-basic/welcome-bob created");
    }

    @Test
    void aChangedDocumentIsConfiguredAndDiffShowsIt() throws Exception {
        String ns = namespace("apply-change");
        Path file = write("app.yaml", QUEUE, SCHEDULE);
        ok("apply", "-f", file.toString(), "-n", ns);
        Run same = tock("diff", "-f", file.toString(), "-n", ns);
        assertThat(same.exit()).as(same.toString()).isEqualTo(ExitCode.OK);
        assertThat(same.out()).isEmpty();

        write("app.yaml", QUEUE, SCHEDULE.replace("overlap: forbid", "overlap: forbid\n  timeZone: Europe/Berlin"));
        Run diff = tock("diff", "-f", file.toString(), "-n", ns);
        assertThat(diff.exit()).as(diff.toString()).isEqualTo(1);
        assertThat(diff.out()).contains("--- schedule/apply-change/nightly (live)", "+++ schedule/apply-change/nightly (desired)",
                "-timeZone: UTC", "+timeZone: Europe/Berlin", "@@ ").doesNotContain("queue/");

        Run apply = ok("apply", "-f", file.toString(), "-n", ns);
        assertThat(apply.out().lines().toList()).containsExactly("queue/apply-change/mail unchanged", "schedule/apply-change/nightly configured");
        assertThat(json("schedules", "get", "nightly", "-n", ns).get("timeZone").asText()).isEqualTo("Europe/Berlin");
        assertThat(tock("diff", "-f", file.toString(), "-n", ns).exit()).isZero();
    }

    @Test
    void aSecretIsUnchangedWhenReappliedChangedWhenAValueChangesAndNeverShown() throws Exception {
        String ns = namespace("apply-secret");
        Path file = write("app.yaml", HOOK, SECRET);
        assertThat(ok("apply", "-f", file.toString(), "-n", ns).out().lines().toList())
                .containsExactly("secret/apply-secret/smtp created", "schedule/apply-secret/hook created");
        assertThat(ok("apply", "-f", file.toString(), "-n", ns).out().lines().toList())
                .as("the same values, and a reference, are no change")
                .containsExactly("secret/apply-secret/smtp unchanged", "schedule/apply-secret/hook unchanged");
        Run same = tock("diff", "-f", file.toString(), "-n", ns);
        assertThat(same.exit()).as(same.toString()).isZero();
        String version = json("secrets", "get", "smtp", "-n", ns).get("version").asText();

        write("app.yaml", HOOK, SECRET.replace("apply-secret-one", "apply-secret-two"));
        Run diff = tock("diff", "-f", file.toString(), "-n", ns);
        assertThat(diff.exit()).as(diff.toString()).isEqualTo(1);
        assertThat(diff.out()).contains("--- secret/apply-secret/smtp (live)", "-version: " + version, "+version: ")
                .doesNotContain("apply-secret-one", "apply-secret-two", "mailer", "schedule/");
        Run apply = ok("apply", "-f", file.toString(), "-n", ns, "-o", "json");
        assertThat(apply.out()).contains("\"configured\"").doesNotContain("apply-secret-two");
        assertThat(json("secrets", "get", "smtp", "-n", ns).get("version").asText()).isNotEqualTo(version);
        assertThat(ok("apply", "-f", file.toString(), "-n", ns).out()).doesNotContain("configured");

        write("app.yaml", QUEUE);
        assertThat(ok("apply", "-f", file.toString(), "-n", ns, "--prune").out().lines().toList()).containsExactly(
                "queue/apply-secret/mail created", "schedule/apply-secret/hook pruned", "secret/apply-secret/smtp pruned");
        assertThat(tock("secrets", "get", "smtp", "-n", ns).exit()).isEqualTo(ExitCode.REFUSED);
    }

    @Test
    void aScheduleWithAPlainSecretHeaderKeepsItsValueWhenReconfigured() throws Exception {
        String ns = namespace("apply-plain");
        String plain = HOOK.substring(0, HOOK.indexOf("Authorization:")) + "Authorization: Bearer plain-value-1\n";
        Path file = write("app.yaml", plain);
        ok("apply", "-f", file.toString(), "-n", ns);
        write("app.yaml", plain.replace("@daily", "@hourly"));
        assertThat(ok("apply", "-f", file.toString(), "-n", ns).out()).contains("schedule/apply-plain/hook configured");
        assertThat(server.tock().schedules().get(ns, "hook").schedule().template().executor().orElseThrow().toString())
                .as("sent as the document gives it, not as the server shows it").contains("Bearer plain-value-1");
    }

    @Test
    void suspendingOrPausingByHandSurvivesReapplying() throws Exception {
        String ns = namespace("apply-suspend");
        Path file = write("app.yaml", QUEUE, SCHEDULE);
        ok("apply", "-f", file.toString(), "-n", ns);
        ok("schedules", "suspend", "nightly", "-n", ns);
        ok("queues", "pause", "mail", "-n", ns);

        assertThat(ok("apply", "-f", file.toString(), "-n", ns).out()).doesNotContain("configured");
        assertThat(json("schedules", "get", "nightly", "-n", ns).get("suspend").asBoolean()).isTrue();
        assertThat(json("queues", "get", "mail", "-n", ns).get("paused").asBoolean()).isTrue();

        write("app.yaml", QUEUE.replace("maxRunning: 4", "maxRunning: 4\n  paused: false"), SCHEDULE);
        assertThat(ok("apply", "-f", file.toString(), "-n", ns).out()).contains("queue/apply-suspend/mail configured");
        assertThat(json("queues", "get", "mail", "-n", ns).get("paused").asBoolean()).as("a document that says so wins").isFalse();
    }

    @Test
    void dryRunChangesNothing() throws Exception {
        String ns = namespace("apply-dry");
        Path file = write("app.yaml", QUEUE, SCHEDULE, JOB);
        Run dry = ok("apply", "-f", file.toString(), "-n", ns, "--dry-run", "--prune");
        assertThat(dry.out().lines().toList()).containsExactly("queue/apply-dry/mail created (dry run)",
                "schedule/apply-dry/nightly created (dry run)", "job/apply-dry/welcome-ada created (dry run)");

        assertThat(json("schedules", "list", "-n", ns).get("schedules")).isEmpty();
        assertThat(json("jobs", "list", "-n", ns).get("jobs")).isEmpty();
        assertThat(tock("queues", "get", "mail", "-n", ns).exit()).isEqualTo(ExitCode.REFUSED);

        ok("apply", "-f", file.toString(), "-n", ns);
        write("app.yaml", QUEUE.replace("maxRunning: 4", "maxRunning: 9"), JOB);
        Run dryChange = ok("apply", "-f", file.toString(), "-n", ns, "--dry-run", "--prune");
        assertThat(dryChange.out().lines().toList()).containsExactly("queue/apply-dry/mail configured (dry run)",
                "job/apply-dry/welcome-ada unchanged (dry run)", "schedule/apply-dry/nightly pruned (dry run)");
        assertThat(json("queues", "get", "mail", "-n", ns).get("maxRunning").asInt()).isEqualTo(4);
        assertThat(json("schedules", "list", "-n", ns).get("schedules")).hasSize(1);
        assertThat(server.tock().applySets().list(ns)).singleElement().satisfies(set ->
                assertThat(set.members()).as("a dry-run prune keeps the record").contains("schedule/nightly", "queue/mail"));
    }

    @Test
    void pruneDeletesOnlyWhatThisApplySetCreatedAndLeftTheFiles() throws Exception {
        String ns = namespace("apply-prune");
        ok("schedules", "create", "by-hand", "-n", ns, "--schedule", "@daily", "--type", "report");
        ok("queues", "set", "by-hand", "-n", ns, "--max-running", "1");
        ok("schedules", "create", "adopted", "-n", ns, "--schedule", "@daily", "--type", "report");
        String other = """
                apiVersion: tock/v1
                kind: Schedule
                metadata: {name: NAME}
                spec: {schedule: "@hourly", jobTemplate: {type: report}}
                """;
        String queue2 = "apiVersion: tock/v1\nkind: Queue\nmetadata: {name: bulk}\n";
        Path file = write("app.yaml", QUEUE, queue2, SCHEDULE, other.replace("NAME", "extra"), other.replace("NAME", "adopted"));
        Path otherSet = Files.createDirectories(files.resolve("other")).resolve("other.yaml");
        Files.writeString(otherSet, other.replace("NAME", "elsewhere"));

        Run first = ok("apply", "-f", file.toString(), "-n", ns, "--apply-set", "main");
        assertThat(first.out()).contains("schedule/apply-prune/adopted configured", "schedule/apply-prune/extra created",
                "queue/apply-prune/bulk created");
        ok("apply", "-f", otherSet.toString(), "-n", ns, "--apply-set", "other");

        write("app.yaml", QUEUE, SCHEDULE);
        Run withoutPrune = ok("apply", "-f", file.toString(), "-n", ns, "--apply-set", "main");
        assertThat(withoutPrune.out()).doesNotContain("pruned");
        assertThat(json("schedules", "get", "extra", "-n", ns).get("name").asText()).isEqualTo("extra");

        Run diff = tock("diff", "-f", file.toString(), "-n", ns, "--apply-set", "main", "--prune");
        assertThat(diff.exit()).isEqualTo(1);
        assertThat(diff.out()).contains("--- schedule/apply-prune/extra (live)", "-schedule: '@hourly'", "--- queue/apply-prune/bulk (live)");

        Run pruned = ok("apply", "-f", file.toString(), "-n", ns, "--apply-set", "main", "--prune");
        assertThat(pruned.out().lines().toList()).containsExactly("queue/apply-prune/mail unchanged", "schedule/apply-prune/nightly unchanged",
                "schedule/apply-prune/extra pruned", "queue/apply-prune/bulk pruned");

        List<String> schedules = new ArrayList<>();
        json("schedules", "list", "-n", ns).get("schedules").forEach(s -> schedules.add(s.get("name").asText()));
        assertThat(schedules).contains("nightly", "by-hand", "adopted", "elsewhere").doesNotContain("extra");
        assertThat(json("queues", "get", "by-hand", "-n", ns).get("maxRunning").asInt()).isEqualTo(1);
        assertThat(tock("queues", "get", "bulk", "-n", ns).exit()).isEqualTo(ExitCode.REFUSED);

        assertThat(ok("apply", "-f", file.toString(), "-n", ns, "--apply-set", "main", "--prune").out()).doesNotContain("pruned");
        assertThat(tock("diff", "-f", file.toString(), "-n", ns, "--apply-set", "main", "--prune").exit()).isZero();
    }

    @Test
    void pruningFollowsAnApplySetIntoNamespacesTheFilesLeft() throws Exception {
        String ns = namespace("apply-prune-ns");
        Path file = write("app.yaml", SCHEDULE.replace("name: nightly", "name: nightly\n  namespace: " + ns),
                SCHEDULE.replace("name: nightly", "name: weekly"));
        ok("apply", "-f", file.toString(), "-n", "default", "--apply-set", "moving");
        write("app.yaml", SCHEDULE.replace("name: nightly", "name: weekly"));
        Run pruned = ok("apply", "-f", file.toString(), "-n", "default", "--apply-set", "moving", "--prune");
        assertThat(pruned.out()).contains("schedule/apply-prune-ns/nightly pruned", "schedule/default/weekly unchanged");
        assertThat(json("schedules", "list", "-n", ns).get("schedules")).isEmpty();
        assertThat(server.tock().applySets().find(ns, "moving")).as("the empty record is deleted").isEmpty();
        assertThat(server.tock().applySets().find("default", "moving").orElseThrow().members()).containsExactly("schedule/weekly");
        ok("schedules", "delete", "weekly");
    }

    @Test
    void invalidDocumentsRejectTheWholeApply() throws Exception {
        String ns = namespace("apply-invalid");
        Path file = write("app.yaml",
                QUEUE,
                SCHEDULE.replace("retry: {maxAttempts: 5}", "retry: {maxAttemps: 5}"),
                SCHEDULE.replace("tock/v1", "tock/v2").replace("nightly", "second"),
                "apiVersion: tock/v1\nkind: CronJob\nmetadata: {name: x}\nspec: {}\n",
                "apiVersion: tock/v1\nkind: Queue\nmetadata: {namespace: " + ns + "}\n",
                SCHEDULE.replace("0 2 * * *", "61 * * * *").replace("nightly", "bad-cron"),
                SCHEDULE.replace("name: nightly", "name: labelled\n  labels: {team: ops}"),
                QUEUE,
                JOB.replace("type: email.send", "type: email.send\n  colour: blue"),
                JOB.replace("name: welcome-ada", "name: bad-label").replace("{team: growth}", "{\"bad key!\": x}"),
                SECRET.replace("password: apply-secret-one", "password: {nested: apply-secret-one}"));
        Run run = tock("apply", "-f", file.toString(), "-n", ns);
        assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCode.REFUSED);
        assertThat(run.out()).isEmpty();
        List<String> lines = run.err().lines().toList();
        assertThat(lines).hasSize(11).allMatch(l -> l.startsWith("error: "));
        assertThat(lines.get(0)).contains(file + ": document 2 (Schedule nightly): spec.jobTemplate.retry.maxAttemps: unknown field");
        assertThat(lines.get(1)).contains("document 3 (Schedule second): apiVersion: must be tock/v1, was \"tock/v2\"");
        assertThat(lines.get(2)).contains("document 4 (CronJob x): kind: must be one of Namespace, Secret, AlertChannel, Queue, Workflow, Schedule, Monitor, AlertRule, Job");
        assertThat(lines.get(3)).contains("document 5 (Queue): metadata.name: is required");
        assertThat(lines.get(4)).contains("document 6 (Schedule bad-cron): spec.schedule.minute: ");
        assertThat(lines.get(5)).contains("document 7 (Schedule labelled): metadata.labels: ");
        assertThat(lines.get(6)).contains("document 8 (Queue mail): metadata.name: queue/apply-invalid/mail is declared twice (also in "
                + file + ": document 1)");
        assertThat(lines.get(7)).contains("document 9 (Job welcome-ada): spec.colour: unknown field");
        assertThat(lines.get(8)).contains("document 10 (Job bad-label): metadata.labels: label key must be");
        assertThat(lines.get(9)).contains("document 11 (Secret smtp): spec.stringData.password: ").doesNotContain("apply-secret-one");
        assertThat(lines.get(10)).isEqualTo("error: nothing was applied (10 problems)");
        assertThat(tock("queues", "get", "mail", "-n", ns).exit()).as("the valid queue was not applied either").isEqualTo(ExitCode.REFUSED);

        Run diff = tock("diff", "-f", file.toString(), "-n", ns);
        assertThat(diff.exit()).as("diff fails above 1").isEqualTo(ExitCode.USAGE);
    }

    @Test
    void aNamespaceDocumentCreatesItsNamespaceBeforeWhatLivesInIt() throws Exception {
        String namespace = "apiVersion: tock/v1\nkind: Namespace\nmetadata: {name: apply-team-new}\n";
        Path file = write("team.yaml", QUEUE, JOB, namespace);
        Run dry = ok("apply", "-f", file.toString(), "-n", "apply-team-new", "--dry-run");
        assertThat(dry.out().lines().toList()).containsExactly("namespace/apply-team-new created (dry run)",
                "queue/apply-team-new/mail created (dry run)", "job/apply-team-new/welcome-ada created (dry run)");
        assertThat(tock("get", "namespace", "apply-team-new").exit()).as("a dry run creates nothing").isEqualTo(ExitCode.REFUSED);
        assertThat(tock("diff", "-f", file.toString(), "-n", "apply-team-new").out()).contains("+name: apply-team-new");

        Run first = ok("apply", "-f", file.toString(), "-n", "apply-team-new");
        assertThat(first.out().lines().toList()).as("namespaces first, whatever the order of the files")
                .containsExactly("namespace/apply-team-new created", "queue/apply-team-new/mail created",
                        "job/apply-team-new/welcome-ada created");
        assertThat(ok("apply", "-f", file.toString(), "-n", "apply-team-new").out().lines().toList()).containsExactly(
                "namespace/apply-team-new unchanged", "queue/apply-team-new/mail unchanged", "job/apply-team-new/welcome-ada unchanged");
        assertThat(ok("diff", "-f", file.toString(), "-n", "apply-team-new").out()).isEmpty();

        Path bad = write("bad-namespace.yaml", "apiVersion: tock/v1\nkind: Namespace\nmetadata: {name: x, namespace: y}\n",
                "apiVersion: tock/v1\nkind: Namespace\nmetadata: {name: z}\nspec: {quota: 3}\n");
        Run invalid = tock("apply", "-f", bad.toString());
        assertThat(invalid.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(invalid.err()).contains("document 1 (Namespace x): metadata.namespace: unknown field (known fields: name)")
                .contains("document 2 (Namespace z): spec.quota: unknown field (it has none)");
    }

    @Test
    void aMissingNamespaceFailsBeforeAnyChange() throws Exception {
        String ns = namespace("apply-missing-ns");
        Path file = write("app.yaml", QUEUE, SCHEDULE.replace("name: nightly", "name: nightly\n  namespace: nowhere"));
        Run run = tock("apply", "-f", file.toString(), "-n", ns);
        assertThat(run.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(run.err()).startsWith("error: Not found: namespace nowhere does not exist; create it first");
        assertThat(tock("queues", "get", "mail", "-n", ns).exit()).isEqualTo(ExitCode.REFUSED);
    }

    @Test
    void yamlSyntaxErrorsAndMissingFilesAreClear() throws Exception {
        Path file = write("broken.yaml", QUEUE, "apiVersion: tock/v1\nkind: [Queue\n");
        Run run = tock("apply", "-f", file.toString());
        assertThat(run.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(run.err()).contains(file + ": document 2: not valid YAML: ", "line ");

        Run missing = tock("apply", "-f", files.resolve("absent.yaml").toString());
        assertThat(missing.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err()).contains("absent.yaml does not exist");

        Run empty = tock("apply", "-f", Files.createDirectories(files.resolve("empty")).toString());
        assertThat(empty.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(empty.err()).contains("no documents found");

        Run badSet = tock("apply", "-f", write("q.yaml", QUEUE).toString(), "--apply-set", "Not_Valid");
        assertThat(badSet.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(badSet.err()).contains("--apply-set");
    }

    @Test
    void applyPrintsResultsAsJsonOrYaml() throws Exception {
        String ns = namespace("apply-output");
        Path file = write("app.yaml", QUEUE);
        JsonNode result = Jsons.JSON.readTree(ok("apply", "-f", file.toString(), "-n", ns, "--apply-set", "out", "-o", "json").out());
        assertThat(result.get("applySet").asText()).isEqualTo("out");
        assertThat(result.get("results").get(0).get("object").asText()).isEqualTo("queue/apply-output/mail");
        assertThat(result.get("results").get(0).get("outcome").asText()).isEqualTo("created");
        JsonNode yaml = Jsons.YAML.readTree(ok("apply", "-f", file.toString(), "-n", ns, "--apply-set", "out", "-o", "yaml").out());
        assertThat(yaml.get("results").get(0).get("outcome").asText()).isEqualTo("unchanged");
    }

    @Test
    void theDocsExampleAppliesAndReappliesUnchanged() throws Exception {
        String page = Files.readString(Path.of("..", "docs", "cli.md"));
        String section = page.substring(page.indexOf("## Declarative configuration (tock apply)"));
        int start = section.indexOf("```yaml\n") + "```yaml\n".length();
        Path file = write("docs-example.yaml", section.substring(start, section.indexOf("```", start)));
        String ns = namespace("apply-docs");

        assertThat(ok("apply", "-f", file.toString(), "-n", ns).out().lines().toList()).containsExactly("namespace/team-a created",
                "queue/apply-docs/mail created", "schedule/default/nightly-cleanup created", "job/apply-docs/welcome-ada created");
        assertThat(ok("apply", "-f", file.toString(), "-n", ns).out()).doesNotContain("created", "configured");
        ok("schedules", "delete", "nightly-cleanup");
    }

    @Test
    void anUnreachableServerExitsThreeForApplyAndDiff() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path file = write("app.yaml", QUEUE);
        Run apply = TestServer.run("apply", "-f", file.toString(), "--server", "http://127.0.0.1:" + port);
        assertThat(apply.exit()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(apply.err()).startsWith("error: cannot reach the Tock server at http://127.0.0.1:" + port);
        assertThat(TestServer.run("diff", "-f", file.toString(), "--server", "http://127.0.0.1:" + port).exit())
                .isEqualTo(ExitCode.UNREACHABLE);
    }
}
