package dev.tock.cli.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.cli.TestServer;
import dev.tock.cli.TestServer.Run;
import dev.tock.cli.client.ExitCode;
import dev.tock.cli.client.Jsons;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tock import} and {@code tock apply} of Kubernetes {@code batch/v1} CronJob and Job manifests, unchanged: the
 * seed systems' manifests (test resources {@code kubernetes/}), every field of the mapping, a kustomize-rendered
 * stream and a refused {@code TZ=} prefix, against a real server. Apply uses {@code --executor command}; the
 * Kubernetes executor is another room's.
 */
class KubernetesImportTest {
    private static final Path MANIFESTS = Path.of("src", "test", "resources", "kubernetes");

    @TempDir
    static Path serverFolder;
    static TestServer server;

    @TempDir
    Path files;

    @BeforeAll
    static void start() {
        server = new TestServer(serverFolder, false, java.util.Map.of("command-executor-enabled", "true"));
        for (String ns : List.of("preempt", "tracker", "cptm8", "preempt-prod", "mapping")) {
            ok("namespaces", "create", ns);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
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

    /** {@code tock import ...} as a user runs it: no server. */
    private static Run importing(String... args) {
        List<String> all = new ArrayList<>(List.of("import"));
        all.addAll(List.of(args));
        return TestServer.run(all.toArray(String[]::new));
    }

    private static String manifest(String path) {
        return MANIFESTS.resolve(path).toString();
    }

    /** The Tock Secrets the seed manifests' secretKeyRefs name, as a user creates them before applying. */
    private Path secrets() throws IOException {
        Path file = files.resolve("secrets.yaml");
        Files.writeString(file, """
                apiVersion: tock/v1
                kind: Secret
                metadata: {name: mysql-secret, namespace: preempt}
                spec:
                  stringData: {password: s3cret-mysql}
                ---
                apiVersion: tock/v1
                kind: Secret
                metadata: {name: tracker-db, namespace: tracker}
                spec:
                  stringData: {url: postgres://tracker@db/tracker}
                """);
        return file;
    }

    @Test
    void theSeedSystemsManifestsApplyUnchangedThenDiffIsEmptyAndReapplyChangesNothing() throws Exception {
        String[] apply = {"apply", "-f", secrets().toString(), "-f", manifest("preempt"), "-f", manifest("tracker"), "-f", manifest("cptm8"),
                "--executor", "command", "--apply-set", "seeds"};
        Run first = ok(apply);
        assertThat(first.out().lines().toList()).contains("schedule/preempt/collector created", "schedule/preempt/detector created",
                "job/preempt/migrate created", "job/preempt/seed created", "schedule/tracker/nightly-cleanup created",
                "job/tracker/db-migrate created", "schedule/cptm8/registry-token-refresh created");
        assertThat(first.err()).contains("warning: " + manifest("preempt") + "/collector-cronjob.yaml: document 1 (batch/v1 CronJob collector): "
                + "spec.jobTemplate.spec.template.spec.containers[0].image: not used: the command runs on the Tock node");

        for (String name : List.of("collector", "detector")) {
            JsonNode schedule = json("schedules", "get", name, "-n", "preempt");
            assertThat(schedule.get("schedule").asText()).isEqualTo("*/5 * * * *");
            assertThat(schedule.get("overlap").asText()).isEqualTo("forbid");
            assertThat(schedule.get("successfulJobsHistoryLimit").asInt()).isEqualTo(3);
            assertThat(schedule.get("failedJobsHistoryLimit").asInt()).isEqualTo(3);
        }
        JsonNode collector = json("schedules", "get", "collector", "-n", "preempt").get("jobTemplate");
        assertThat(collector.get("retry").get("maxAttempts").asInt()).as("backoffLimit 2 + 1").isEqualTo(3);
        assertThat(collector.get("retry").get("initialBackoff").asText()).isEqualTo("10s");
        assertThat(collector.get("retry").get("maxBackoff").asText()).isEqualTo("6m");
        assertThat(collector.get("labels").get("app.kubernetes.io/component").asText()).isEqualTo("collector");
        assertThat(collector.get("executor").get("command").toString()).isEqualTo("[\"/app/collector\",\"--once\",\"--batch-size=100\"]");
        assertThat(collector.get("executor").get("env").get("MYSQL_PASSWORD").get("valueFrom").get("secretKeyRef").get("name").asText())
                .isEqualTo("mysql-secret");

        JsonNode preemptJobs = json("jobs", "list", "-n", "preempt").get("jobs");
        assertThat(preemptJobs).hasSize(2).allSatisfy(j -> assertThat(j.get("retry").get("maxAttempts").asInt()).as("backoffLimit 4").isEqualTo(5));
        JsonNode cleanup = json("schedules", "get", "nightly-cleanup", "-n", "tracker");
        assertThat(cleanup.get("schedule").asText()).isEqualTo("0 2 * * *");
        assertThat(cleanup.get("overlap").asText()).isEqualTo("forbid");
        assertThat(cleanup.get("successfulJobsHistoryLimit").asInt()).isEqualTo(3);
        assertThat(cleanup.get("failedJobsHistoryLimit").asInt()).isEqualTo(5);
        assertThat(cleanup.get("jobTemplate").get("retry").get("maxAttempts").asInt()).as("Kubernetes' default backoffLimit 6").isEqualTo(7);
        JsonNode migration = json("jobs", "list", "-n", "tracker").get("jobs").get(0);
        assertThat(migration.get("retry").get("maxAttempts").asInt()).isEqualTo(4);
        assertThat(migration.get("activeDeadline").asText()).isEqualTo("5m");
        JsonNode refresh = json("schedules", "get", "registry-token-refresh", "-n", "cptm8");
        assertThat(refresh.get("schedule").asText()).isEqualTo("0 */8 * * *");
        assertThat(refresh.get("overlap").asText()).isEqualTo("replace");

        List<String> diffArgs = new ArrayList<>(List.of(apply));
        diffArgs.set(0, "diff");
        assertThat(ok(diffArgs.toArray(String[]::new)).out()).as("diff is empty after apply").isEmpty();
        Run again = ok(apply);
        assertThat(again.out().lines().toList()).isNotEmpty().allMatch(l -> l.endsWith(" unchanged"));
    }

    @Test
    void importPrintsTheEquivalentDocumentsWithTheKubernetesExecutorByDefault() throws Exception {
        Run run = importing("-f", manifest("tracker/migration-job.yaml"), "-f", manifest("preempt/collector-cronjob.yaml"));
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("# from " + manifest("tracker/migration-job.yaml") + ": document 1 (batch/v1 Job db-migrate)\n");
        List<JsonNode> docs = yamlDocuments(run.out());
        assertThat(docs).hasSize(2);
        JsonNode job = docs.get(0);
        assertThat(job.get("apiVersion").asText()).isEqualTo("tock/v1");
        assertThat(job.get("kind").asText()).isEqualTo("Job");
        assertThat(job.get("metadata").get("namespace").asText()).isEqualTo("tracker");
        JsonNode spec = job.get("spec");
        assertThat(spec.get("retry").get("maxAttempts").asInt()).isEqualTo(4);
        assertThat(spec.get("activeDeadline").asText()).isEqualTo("5m");
        JsonNode executor = spec.get("executor");
        assertThat(executor.get("kind").asText()).isEqualTo("kubernetes");
        assertThat(executor.get("namespace").asText()).isEqualTo("tracker");
        assertThat(executor.get("jobTemplate").get("template").get("spec").get("containers").get(0).get("image").asText())
                .isEqualTo("registry.example.com/tracker/api:2.3.0");
        assertThat(executor.get("jobTemplate").has("backoffLimit")).as("retries are Tock's").isFalse();
        assertThat(executor.get("jobTemplate").has("activeDeadlineSeconds")).as("the run deadline is Tock's").isFalse();
        assertThat(executor.get("jobTemplate").has("ttlSecondsAfterFinished")).as("the retention is Tock's").isFalse();
        assertThat(docs.get(1).get("kind").asText()).isEqualTo("Schedule");
        assertThat(docs.get(1).get("spec").get("jobTemplate").get("executor").get("kind").asText()).isEqualTo("kubernetes");

        Run json = importing("-f", manifest("tracker/migration-job.yaml"), "-o", "json");
        assertThat(Jsons.JSON.readTree(json.out()).get("documents").get(0)).isEqualTo(job);
    }

    @Test
    void aPodThatRestartsOnFailureBecomesOneTheKubernetesExecutorAccepts() throws Exception {
        Run run = importing("-f", manifest("tracker/cleanup-cronjob.yaml"));
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).contains("# warning: spec.jobTemplate.spec.template.spec.restartPolicy: OnFailure becomes Never");
        com.fasterxml.jackson.databind.node.ObjectNode template = (com.fasterxml.jackson.databind.node.ObjectNode)
                yamlDocuments(run.out()).getFirst().at("/spec/jobTemplate/executor/jobTemplate");
        assertThat(template.at("/template/spec").has("restartPolicy")).isFalse();
        assertThat(new dev.tock.model.KubernetesExecutor("tracker", template, null, null).jobTemplate().at("/template/spec/containers/0/image")
                .asText()).as("the template the server checks when the schedule is created").isEqualTo("registry.example.com/tracker/api:2.3.0");
    }

    @Test
    void everyFieldOfTheMappingIsCarriedOverOrWarnedOf() throws Exception {
        Run run = importing("-f", manifest("mapping/every-field-cronjob.yaml"), "--executor", "command", "-o", "json");
        assertThat(run.exit()).as(run.toString()).isZero();
        JsonNode result = Jsons.JSON.readTree(run.out());
        JsonNode spec = result.get("documents").get(0).get("spec");
        assertThat(spec.get("schedule").asText()).isEqualTo("30 6 * * 1-5");
        assertThat(spec.get("timeZone").asText()).isEqualTo("Europe/Berlin");
        assertThat(spec.get("overlap").asText()).isEqualTo("replace");
        assertThat(spec.get("startingDeadlineSeconds").asInt()).isEqualTo(600);
        assertThat(spec.get("suspend").asBoolean()).isTrue();
        assertThat(spec.get("successfulJobsHistoryLimit").asInt()).isEqualTo(7);
        assertThat(spec.get("failedJobsHistoryLimit").asInt()).isEqualTo(2);
        JsonNode template = spec.get("jobTemplate");
        assertThat(template.get("type").asText()).isEqualTo("report");
        assertThat(template.get("retry").toString()).isEqualTo(
                "{\"maxAttempts\":6,\"initialBackoff\":\"10s\",\"maxBackoff\":\"6m\",\"multiplier\":2.0,\"jitter\":0.0}");
        assertThat(template.get("activeDeadline").asText()).isEqualTo("15m");
        assertThat(template.get("retention").asText()).as("ttlSecondsAfterFinished").isEqualTo("1h");
        assertThat(template.get("labels").toString()).isEqualTo(
                "{\"team\":\"data\",\"owner\":\"data-platform@example.com\",\"tier\":\"batch\",\"runbook\":\"https://runbooks.example.com/report\"}");
        JsonNode executor = template.get("executor");
        assertThat(executor.get("kind").asText()).isEqualTo("command");
        assertThat(executor.get("command").toString()).isEqualTo("[\"/usr/local/bin/report\",\"--format\",\"pdf\"]");
        assertThat(executor.get("workingDir").asText()).isEqualTo("/srv/report");
        assertThat(executor.get("env").get("REPORT_BUCKET").asText()).isEqualTo("s3://reports");
        assertThat(executor.get("env").get("API_TOKEN").get("valueFrom").get("secretKeyRef").get("key").asText()).isEqualTo("token");
        assertThat(executor.get("env").has("POD_NAME")).isFalse();
        assertThat(executor.get("nonRetryableExitCodes").toString()).isEqualTo("[42,43]");

        List<String> warnings = new ArrayList<>();
        result.get("warnings").forEach(w -> warnings.add(w.asText().replaceFirst("^.*\\(batch/v1 CronJob report\\): ", "")));
        String pod = "spec.jobTemplate.spec.template.spec.";
        assertThat(warnings).anyMatch(w -> w.startsWith("metadata.annotations.kubectl.kubernetes.io/last-applied-configuration: left out"))
                .anyMatch(w -> w.startsWith("metadata.annotations.example.com/a-very-long-annotation-key") && w.contains("left out"))
                .noneMatch(w -> w.contains("ttlSecondsAfterFinished"))
                .anyMatch(w -> w.startsWith("spec.jobTemplate.spec.parallelism: not honoured"))
                .anyMatch(w -> w.startsWith("spec.jobTemplate.spec.podFailurePolicy.rules[2]: not honoured"))
                .noneMatch(w -> w.startsWith("spec.jobTemplate.spec.podFailurePolicy.rules[1]"))
                .anyMatch(w -> w.startsWith(pod + "containers[0].image: not used"))
                .anyMatch(w -> w.startsWith(pod + "containers[0].env[2].valueFrom: not honoured") && w.contains("POD_NAME"))
                .anyMatch(w -> w.startsWith(pod + "containers[0].env[1].valueFrom.secretKeyRef: read from the Tock Secret report-api"))
                .anyMatch(w -> w.startsWith(pod + "containers[0].envFrom: not honoured"))
                .anyMatch(w -> w.startsWith(pod + "containers[0].volumeMounts: not honoured"))
                .anyMatch(w -> w.startsWith(pod + "containers[1]: not run"))
                .anyMatch(w -> w.startsWith(pod + "serviceAccountName: not honoured"))
                .anyMatch(w -> w.startsWith(pod + "volumes: not honoured"));

        // The same manifest applies as it is, and re-applies unchanged.
        Path secret = files.resolve("secret.yaml");
        Files.writeString(secret, "apiVersion: tock/v1\nkind: Secret\nmetadata: {name: report-api, namespace: mapping}\nspec:\n"
                + "  stringData: {token: t0ken}\n");
        String[] apply = {"apply", "-f", secret.toString(), "-f", manifest("mapping/every-field-cronjob.yaml"), "--executor", "command"};
        assertThat(ok(apply).out()).contains("schedule/mapping/report created");
        JsonNode live = json("schedules", "get", "report", "-n", "mapping");
        assertThat(live.get("suspend").asBoolean()).isTrue();
        assertThat(live.get("timeZone").asText()).isEqualTo("Europe/Berlin");
        assertThat(live.get("jobTemplate").get("executor").get("nonRetryableExitCodes").toString()).isEqualTo("[42,43]");
        assertThat(ok(apply).out()).contains("schedule/mapping/report unchanged");
    }

    @Test
    void aKustomizeStreamAppliesItsCronJobsAndJobsAndLeavesOutTheRestWithANote() throws Exception {
        String stream = kustomize(MANIFESTS.resolve("kustomize/overlays/production"));
        assertThat(stream).contains("kind: Deployment", "kind: Service", "kind: CronJob");

        ok("secrets", "create", "mysql-secret", "--from-literal", "password=s3cret-prod", "-n", "preempt-prod");
        Run applied = withStdin(stream, () -> server.tock("apply", "-f", "-", "--executor", "command"));
        assertThat(applied.exit()).as(applied.toString()).isZero();
        assertThat(applied.out().lines().toList()).containsExactly("schedule/preempt-prod/collector created", "job/preempt-prod/migrate created",
                "job/preempt-prod/seed created");
        assertThat(applied.err()).contains("note: -: document 1 (v1 Service api): ignored, not a batch/v1 CronJob or Job")
                .contains("note: -: document 2 (apps/v1 Deployment api): ignored, not a batch/v1 CronJob or Job");
        JsonNode collector = json("schedules", "get", "collector", "-n", "preempt-prod");
        assertThat(collector.get("schedule").asText()).as("the overlay's patch").isEqualTo("*/10 * * * *");
        assertThat(collector.get("jobTemplate").get("labels").get("environment").asText()).isEqualTo("production");

        Run diff = withStdin(stream, () -> server.tock("diff", "-f", "-", "--executor", "command"));
        assertThat(diff.exit()).as(diff.toString()).isZero();
        assertThat(diff.out()).isEmpty();

        String withQueue = stream + "---\napiVersion: tock/v1\nkind: Queue\nmetadata: {name: extra, namespace: preempt-prod}\n";
        Run onlyJobs = withStdin(withQueue, () -> server.tock("apply", "-f", "-", "--executor", "command", "--only-jobs"));
        assertThat(onlyJobs.exit()).as(onlyJobs.toString()).isZero();
        assertThat(onlyJobs.out().lines().toList()).containsExactly("schedule/preempt-prod/collector unchanged", "job/preempt-prod/migrate unchanged",
                "job/preempt-prod/seed unchanged");
        assertThat(onlyJobs.err()).contains("(tock/v1 Queue extra): ignored (--only-jobs)");
        assertThat(server.tock("queues", "get", "extra", "-n", "preempt-prod").exit()).isEqualTo(ExitCode.REFUSED);
    }

    @Test
    void aTimeZonePrefixInTheScheduleIsRefusedWithTheReason() throws Exception {
        Path file = files.resolve("tz.yaml");
        Files.writeString(file, Files.readString(MANIFESTS.resolve("tracker/cleanup-cronjob.yaml"))
                .replace("schedule: \"0 2 * * *\"", "schedule: \"TZ=Europe/Berlin 0 2 * * *\"").replace("name: nightly-cleanup", "name: tz-cleanup"));
        Run run = server.tock("apply", "-f", file.toString(), "--executor", "command");
        assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCode.REFUSED);
        assertThat(run.err()).contains(file + ": document 1 (batch/v1 CronJob tz-cleanup): spec.schedule: a TZ= prefix is not supported")
                .contains("spec.timeZone: \"Europe/Berlin\" and the schedule as \"0 2 * * *\"")
                .contains("nothing was applied");
        assertThat(server.tock("schedules", "get", "tz-cleanup", "-n", "tracker").exit()).isEqualTo(ExitCode.REFUSED);

        Run imported = importing("-f", file.toString());
        assertThat(imported.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(imported.out()).isEmpty();
        assertThat(imported.err()).contains("spec.schedule: a TZ= prefix is not supported").contains("nothing was imported (1 problem)");
        Files.writeString(file, Files.readString(file).replace("TZ=", "CRON_TZ="));
        assertThat(importing("-f", file.toString()).err()).contains("a CRON_TZ= prefix is not supported");
    }

    /**
     * A Job's counts that are no whole numbers are refused naming the field: {@code backoffLimit: many} was read as
     * Kubernetes' default 6 and {@code ttlSecondsAfterFinished: soon} as 0 seconds (finished jobs deleted at once).
     */
    @Test
    void countsThatAreNoNumbersAreRefusedNamingTheField() throws Exception {
        Path file = files.resolve("counts.yaml");
        Files.writeString(file, Files.readString(MANIFESTS.resolve("tracker/migration-job.yaml"))
                .replace("backoffLimit: 3", "backoffLimit: many\n  ttlSecondsAfterFinished: soon")
                .replace("activeDeadlineSeconds: 300", "activeDeadlineSeconds: 0"));
        Run run = importing("-f", file.toString(), "--executor", "command");
        assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCode.REFUSED);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("spec.backoffLimit: must be a non-negative integer (the retries after the first attempt), was \"many\"")
                .contains("spec.ttlSecondsAfterFinished: must be a non-negative integer (seconds), was \"soon\"")
                .contains("spec.activeDeadlineSeconds: must be a positive integer (seconds), was 0")
                .contains("nothing was imported (3 problems)");
    }

    /** What {@code kubectl get cronjobs -o yaml} prints from a cluster: a v1 List, with the server's metadata and status. */
    @Test
    void aListFromKubectlGetIsReadItemByItem() throws Exception {
        Path file = files.resolve("from-cluster.yaml");
        Files.writeString(file, """
                apiVersion: v1
                kind: List
                metadata: {resourceVersion: ""}
                items:
                  - apiVersion: batch/v1
                    kind: CronJob
                    metadata:
                      name: registry-token-refresh
                      namespace: cptm8
                      uid: 6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b
                      resourceVersion: "48213"
                      creationTimestamp: "2026-11-02T08:00:00Z"
                    spec:
                      schedule: "0 */8 * * *"
                      jobTemplate:
                        spec:
                          template:
                            spec:
                              restartPolicy: Never
                              containers:
                                - name: refresh
                                  image: amazon/aws-cli:2.15.0
                    status:
                      lastScheduleTime: "2026-12-06T16:00:00Z"
                  - apiVersion: batch/v1
                    kind: Job
                    metadata:
                      name: registry-token-refresh-29412960
                      namespace: cptm8
                      ownerReferences:
                        - {apiVersion: batch/v1, kind: CronJob, name: registry-token-refresh, uid: 6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b}
                    spec:
                      template:
                        spec:
                          restartPolicy: Never
                          containers:
                            - {name: refresh, image: "amazon/aws-cli:2.15.0"}
                  - apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: settings, namespace: cptm8}
                    data: {region: eu-west-1}
                """);
        Run run = importing("-f", file.toString());
        assertThat(run.exit()).as(run.toString()).isZero();
        List<JsonNode> docs = yamlDocuments(run.out());
        assertThat(docs).singleElement().satisfies(doc -> {
            assertThat(doc.get("kind").asText()).isEqualTo("Schedule");
            assertThat(doc.get("metadata").toString()).isEqualTo("{\"name\":\"registry-token-refresh\",\"namespace\":\"cptm8\"}");
            assertThat(doc.get("spec").get("schedule").asText()).isEqualTo("0 */8 * * *");
        });
        assertThat(run.err()).contains("(v1 ConfigMap settings): ignored, not a batch/v1 CronJob or Job")
                .contains("(batch/v1 Job registry-token-refresh-29412960): ignored, a run of CronJob registry-token-refresh");
    }

    @Test
    void theCommandExecutorNeedsTheContainersCommand() throws Exception {
        Path file = files.resolve("no-command.yaml");
        Files.writeString(file, Files.readString(MANIFESTS.resolve("tracker/migration-job.yaml"))
                .replace("          command: [\"alembic\"]\n", ""));
        Run run = importing("-f", file.toString(), "--executor", "command");
        assertThat(run.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(run.err()).contains("spec.template.spec.containers[0].command: is required with --executor command");
        assertThat(importing("-f", file.toString()).exit()).as("the kubernetes executor runs the image's entrypoint").isZero();

        Files.writeString(file, Files.readString(file).replace("  namespace: tracker\n", ""));
        Run noNamespace = importing("-f", file.toString());
        assertThat(noNamespace.out()).contains("# warning: metadata.namespace: absent: the Kubernetes executor creates its Jobs in the "
                + "Kubernetes namespace default").contains("namespace: default");
    }

    private static List<JsonNode> yamlDocuments(String text) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var it = Jsons.YAML.readerFor(JsonNode.class).<JsonNode>readValues(text)) {
            while (it.hasNextValue()) {
                docs.add(it.nextValue());
            }
        }
        return docs;
    }

    private static String kustomize(Path dir) throws Exception {
        Process process = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl kustomize finished").isTrue();
        assertThat(process.exitValue()).as(new String(out, StandardCharsets.UTF_8)).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }

    private static Run withStdin(String text, java.util.function.Supplier<Run> command) {
        InputStream before = System.in;
        System.setIn(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        try {
            return command.get();
        } finally {
            System.setIn(before);
        }
    }
}
