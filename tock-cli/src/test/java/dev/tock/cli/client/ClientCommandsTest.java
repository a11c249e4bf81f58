package dev.tock.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.cli.TestServer;
import dev.tock.cli.TestServer.Run;
import dev.tock.testing.Eventually;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every client command against a real server: happy paths, refusals, an absent server, output formats. */
class ClientCommandsTest extends OneServerCommandTest {

    private static void namespace(String name) {
        ok("namespaces", "create", name);
    }

    @Test
    void submitsGetsListsAndShowsAttemptsOfJobs() throws Exception {
        namespace("jobs-a");
        JsonNode job = json("jobs", "submit", "-n", "jobs-a", "--type", TestServer.OK_TYPE, "--payload", "{\"to\": \"ada\"}",
                "--queue", "mail", "--priority", "3", "--label", "team=billing", "--max-attempts", "4", "--timeout", "30s", "-o", "json");
        String id = job.get("id").asText();
        assertThat(job.get("payload").get("to").asText()).isEqualTo("ada");
        assertThat(job.get("queue").asText()).isEqualTo("mail");
        assertThat(job.get("priority").asInt()).isEqualTo(3);
        assertThat(job.get("labels").get("team").asText()).isEqualTo("billing");
        assertThat(job.get("retry").get("maxAttempts").asInt()).isEqualTo(4);

        Eventually.await(Duration.ofSeconds(10), "the job to succeed",
                () -> server.tock("jobs", "get", id, "-n", "jobs-a", "-o", "json").out(), out -> out.contains("\"succeeded\""));
        Run table = ok("jobs", "get", id, "-n", "jobs-a");
        assertThat(table.out().lines().toList()).hasSize(2);
        assertThat(table.out()).startsWith("ID").contains("STATE", id, TestServer.OK_TYPE, "mail", "succeeded")
                .contains("RUNS", "handler of type " + TestServer.OK_TYPE);

        Run attempts = ok("jobs", "attempts", id, "-n", "jobs-a");
        assertThat(attempts.out()).contains("OUTCOME", "succeeded", "cli-test-node");

        Run list = ok("jobs", "list", "-n", "jobs-a", "--state", "succeeded,dead", "--queue", "mail", "--label", "team=billing");
        assertThat(list.out()).contains(id);
        assertThat(ok("jobs", "list", "-n", "jobs-a", "--state", "dead").err()).contains("No jobs found in namespace jobs-a");
    }

    @Test
    void listFollowsCursorsWithAll() throws Exception {
        namespace("jobs-pages");
        for (int i = 0; i < 5; i++) {
            ok("jobs", "submit", "-n", "jobs-pages", "--type", "never.run", "--delay", "1h");
        }
        JsonNode page = json("jobs", "list", "-n", "jobs-pages", "--limit", "2", "-o", "json");
        assertThat(page.get("jobs")).hasSize(2);
        assertThat(page.get("nextCursor").asText()).isNotBlank();
        Run firstPage = ok("jobs", "list", "-n", "jobs-pages", "--limit", "2");
        assertThat(firstPage.err()).contains("--cursor", "--all");

        JsonNode all = json("jobs", "list", "-n", "jobs-pages", "--limit", "2", "--all", "-o", "json");
        assertThat(all.get("jobs")).hasSize(5);
        assertThat(all.has("nextCursor")).isFalse();
        JsonNode rest = json("jobs", "list", "-n", "jobs-pages", "--limit", "2", "--cursor", page.get("nextCursor").asText(), "-o", "json");
        assertThat(rest.get("jobs").get(0).get("id").asText()).isNotEqualTo(page.get("jobs").get(1).get("id").asText());
    }

    @Test
    void anIdempotencyKeyEnqueuesOnce() throws Exception {
        Run first = ok("jobs", "submit", "--type", "never.run", "--delay", "1h", "--idempotency-key", "welcome-ada");
        Run second = ok("jobs", "submit", "--type", "never.run", "--delay", "1h", "--idempotency-key", "welcome-ada");
        assertThat(first.out()).matches("job/default/\\S+ submitted\\R");
        String id = first.out().split(" ")[0];
        assertThat(second.out()).startsWith(id + " unchanged");
    }

    @Test
    void cancelsAndRetriesAndRefusesToCancelAFinishedJob() throws Exception {
        String id = json("jobs", "submit", "--type", "never.run", "--delay", "1h", "-o", "json").get("id").asText();
        assertThat(ok("jobs", "cancel", id).out()).isEqualTo("job/default/" + id + " cancelled\n");
        assertThat(json("jobs", "get", id, "-o", "json").get("state").asText()).isEqualTo("cancelled");

        Run again = server.tock("jobs", "cancel", id);
        assertThat(again.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(again.err()).startsWith("error: Conflict with the current state: job " + id + " has finished (cancelled)")
                .doesNotContain("Exception");

        assertThat(ok("jobs", "retry", id, "-o", "yaml").out()).contains("state: ready");
        Run retryReady = server.tock("jobs", "retry", id);
        assertThat(retryReady.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(retryReady.err()).startsWith("error: Conflict");
    }

    @Test
    void aDeadJobCanBeRetried() throws Exception {
        String id = json("jobs", "submit", "--type", TestServer.FAILING_TYPE, "-o", "json").get("id").asText();
        Eventually.await(Duration.ofSeconds(10), "the job to die",
                () -> server.tock("jobs", "get", id, "-o", "json").out(), out -> out.contains("\"dead\""));
        assertThat(ok("jobs", "attempts", id).out()).contains("broken on purpose");
        assertThat(ok("jobs", "retry", id).out()).isEqualTo("job/default/" + id + " retried\n");
    }

    @Test
    void anUnknownJobIsOneLineOnStderrAndExitOne() {
        String id = "0193c5a0-0000-7000-8000-000000000000";
        Run run = server.tock("jobs", "get", id);
        assertThat(run.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("error: Not found: job " + id + " not found in namespace default\n");

        Run notAnId = server.tock("jobs", "attempts", "nope");
        assertThat(notAnId.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(notAnId.err()).contains("job nope not found");
    }

    @Test
    void aFieldTheServerRefusesIsNamed() {
        Run run = server.tock("jobs", "submit", "--type", "x", "--delay", "soon");
        assertThat(run.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(run.err()).startsWith("error: Invalid field: ").endsWith("(field delay)\n");
        assertThat(run.err().lines()).hasSize(1);

        Run namespace = server.tock("jobs", "list", "-n", "no-such-namespace");
        assertThat(namespace.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(namespace.err()).contains("no-such-namespace");
    }

    @Test
    void badPayloadJsonIsAUsageError() throws Exception {
        Run run = server.tock("jobs", "submit", "--type", "x", "--payload", "{\"to\": ");
        assertThat(run.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).startsWith("error: --payload: not valid JSON: ").contains("line 1");
        assertThat(run.err().lines()).hasSize(1);

        Run both = server.tock("jobs", "submit", "--type", "x", "--payload", "{}", "--payload-file", "p.json");
        assertThat(both.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(both.err()).contains("cannot be given together");

        Path file = folder.resolve("payload.json");
        Files.writeString(file, "{\"from\": \"file\"}");
        assertThat(json("jobs", "submit", "--type", "x", "--delay", "1h", "--payload-file", file.toString(), "-o", "json")
                .get("payload").get("from").asText()).isEqualTo("file");

        Run missing = server.tock("jobs", "submit", "--type", "x", "--payload-file", folder.resolve("absent.json").toString());
        assertThat(missing.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err()).contains("cannot read");
    }

    @Test
    void usageErrorsExitTwo() {
        Run noType = server.tock("jobs", "submit");
        assertThat(noType.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(noType.err()).contains("--type");

        Run badFormat = server.tock("jobs", "list", "-o", "xml");
        assertThat(badFormat.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(badFormat.err()).contains("table, yaml or json");

        Run badKind = server.tock("get", "widgets");
        assertThat(badKind.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(badKind.err()).contains("unknown kind \"widgets\"");

        Run badServer = TestServer.run("jobs", "list", "--server", "ftp://x");
        assertThat(badServer.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(badServer.err()).contains("--server");
    }

    @Test
    void anUnreachableServerExitsThreeNamingTheUrl() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Run run = TestServer.run("jobs", "list", "--server", "http://127.0.0.1:" + port);
        assertThat(run.exit()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(run.err()).startsWith("error: cannot reach the Tock server at http://127.0.0.1:" + port + "/v1/namespaces/default/jobs")
                .doesNotContain("Exception");
        assertThat(run.err().lines()).hasSize(1);
    }

    @Test
    void schedulesFromCreateToDelete() throws Exception {
        namespace("sched");
        Run created = ok("schedules", "create", "nightly", "-n", "sched", "--schedule", "0 2 * * *", "--type", "cleanup",
                "--time-zone", "Europe/Berlin", "--overlap", "forbid", "--payload", "{\"days\": 30}", "--label", "team=ops");
        assertThat(created.out()).isEqualTo("schedule/sched/nightly created\n");
        Run taken = server.tock("schedules", "create", "nightly", "-n", "sched", "--schedule", "0 3 * * *", "--type", "cleanup");
        assertThat(taken.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(taken.err()).contains("already exists");

        JsonNode schedule = json("schedules", "get", "nightly", "-n", "sched", "-o", "json");
        assertThat(schedule.get("timeZone").asText()).isEqualTo("Europe/Berlin");
        assertThat(schedule.get("overlap").asText()).isEqualTo("forbid");
        assertThat(schedule.get("jobTemplate").get("payload").get("days").asInt()).isEqualTo(30);
        assertThat(ok("schedules", "list", "-n", "sched").out()).contains("NAME", "nightly", "0 2 * * *", "Europe/Berlin", "cleanup");

        JsonNode preview = json("schedules", "preview", "nightly", "-n", "sched", "--count", "3", "-o", "json");
        assertThat(preview.get("times")).hasSize(3);
        assertThat(ok("schedules", "preview", "nightly", "-n", "sched").out()).contains("UTC", "LOCAL", "+01:00");

        Run trigger = ok("schedules", "trigger", "nightly", "-n", "sched");
        assertThat(trigger.out()).contains("OUTCOME", "fired");
        assertThat(ok("schedules", "runs", "nightly", "-n", "sched", "--limit", "5").out()).contains("fired", "true");
        assertThat(json("jobs", "list", "-n", "sched", "--schedule", "nightly", "-o", "json").get("jobs")).hasSize(1);

        assertThat(ok("schedules", "suspend", "nightly", "-n", "sched").out()).isEqualTo("schedule/sched/nightly suspended\n");
        assertThat(json("schedules", "get", "nightly", "-n", "sched", "-o", "json").get("suspend").asBoolean()).isTrue();
        assertThat(ok("schedules", "resume", "nightly", "-n", "sched", "-o", "json").out()).contains("\"suspend\": false");

        Instant to = Instant.now().truncatedTo(ChronoUnit.DAYS);
        JsonNode backfill = json("schedules", "backfill", "nightly", "-n", "sched", "--from", to.minus(Duration.ofDays(3)).toString(),
                "--to", to.toString(), "-o", "json");
        assertThat(backfill.get("runs")).hasSize(3);

        assertThat(ok("schedules", "delete", "nightly", "-n", "sched").out()).isEqualTo("schedule/sched/nightly deleted\n");
        Run gone = server.tock("schedules", "get", "nightly", "-n", "sched");
        assertThat(gone.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(gone.err()).isEqualTo("error: Not found: schedule nightly not found in namespace sched\n");
    }

    @Test
    void aTriggerTheOverlapPolicySkipsSaysWhyAndExitsOneUnlessItBypassesThePolicy() throws Exception {
        namespace("trigger");
        ok("schedules", "create", "hourly", "-n", "trigger", "--schedule", "@hourly", "--type", "never.run", "--overlap", "forbid");
        String first = json("schedules", "trigger", "hourly", "-n", "trigger", "-o", "json").get("job").asText();

        Run skipped = server.tock("schedules", "trigger", "hourly", "-n", "trigger");
        assertThat(skipped.exit()).as(skipped.toString()).isEqualTo(ExitCode.REFUSED);
        assertThat(skipped.out()).contains("OUTCOME", "skipped");
        assertThat(skipped.err()).isEqualTo("error: schedule/trigger/hourly was not run: its overlap policy forbid skips a run while "
                + "an earlier one is active (job " + first + ", ready); run it anyway with --bypass-overlap\n");

        Run bypassed = ok("schedules", "trigger", "hourly", "-n", "trigger", "--bypass-overlap");
        assertThat(bypassed.out()).contains("fired");
        assertThat(json("jobs", "list", "-n", "trigger", "--schedule", "hourly", "-o", "json").get("jobs")).hasSize(2);
    }

    @Test
    void aBadCronSpecNamesItsField() {
        Run run = server.tock("schedules", "create", "bad", "--schedule", "61 * * * *", "--type", "cleanup");
        assertThat(run.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(run.err()).startsWith("error: Invalid field: ").endsWith("(field schedule.minute)\n");
    }

    @Test
    void queuesSetPauseResumeAndDelete() throws Exception {
        namespace("queues");
        assertThat(ok("queues", "set", "mail", "-n", "queues", "--max-running", "4").out()).isEqualTo("queue/queues/mail created\n");
        assertThat(ok("queues", "set", "mail", "-n", "queues", "--paused", "true").out()).isEqualTo("queue/queues/mail configured\n");
        JsonNode queue = json("queues", "get", "mail", "-n", "queues", "-o", "json");
        assertThat(queue.get("maxRunning").asInt()).as("a setting not given keeps its value").isEqualTo(4);
        assertThat(queue.get("paused").asBoolean()).isTrue();

        assertThat(ok("queues", "resume", "mail", "-n", "queues").out()).isEqualTo("queue/queues/mail resumed\n");
        assertThat(ok("queues", "pause", "mail", "-n", "queues", "-o", "json").out()).contains("\"paused\": true");
        ok("queues", "set", "mail", "-n", "queues", "--no-limit");
        assertThat(json("queues", "get", "mail", "-n", "queues", "-o", "json").has("maxRunning")).isFalse();

        ok("jobs", "submit", "-n", "queues", "--type", "x", "--queue", "mail", "--delay", "1h");
        Run list = ok("queues", "list", "-n", "queues");
        assertThat(list.out()).contains("NAME", "MAX RUNNING", "SCHEDULED", "LEASED", "RUNNING", "mail", "true");

        Run busy = server.tock("queues", "delete", "mail", "-n", "queues");
        assertThat(busy.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(busy.err()).startsWith("error: Conflict");

        ok("queues", "set", "spare", "-n", "queues");
        assertThat(ok("queues", "delete", "spare", "-n", "queues").out()).isEqualTo("queue/queues/spare deleted\n");
        assertThat(server.tock("queues", "delete", "spare", "-n", "queues").exit()).isEqualTo(ExitCode.REFUSED);
    }

    @Test
    void namespacesAndCluster() throws Exception {
        assertThat(ok("namespaces", "create", "team-a").out()).isEqualTo("namespace/team-a created\n");
        assertThat(ok("namespaces", "create", "team-a").out()).startsWith("namespace/team-a unchanged");
        assertThat(ok("namespaces", "list").out()).contains("NAME", "default", "team-a");
        Run bad = server.tock("namespaces", "create", "Team_A");
        assertThat(bad.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(bad.err()).contains("(field name)");

        Run cluster = ok("cluster");
        assertThat(cluster.out()).contains("ID", "ROLES", "cli-test-node", "worker");
        assertThat(json("cluster", "-o", "json").get("nodes").get(0).get("id").asText()).isEqualTo("cli-test-node");
    }

    @Test
    void theNamespaceComesFromTheFlagAfterTheCommandThenBeforeItThenTheEnvironment() throws Exception {
        namespace("global-a");
        namespace("global-b");
        assertThat(ok("-n", "global-a", "jobs", "submit", "--type", "never.run", "--delay", "1h").out()).startsWith("job/global-a/");
        assertThat(ok("--namespace", "global-a", "jobs", "list").out()).contains("never.run");
        assertThat(ok("-n", "global-a", "jobs", "list", "-n", "global-b").err()).as("the flag after the command wins")
                .contains("No jobs found in namespace global-b");

        String child = tockProcess(java.util.Map.of("TOCK_NAMESPACE", "global-a"), "jobs", "list", "-o", "json");
        assertThat(Jsons.JSON.readTree(child).get("jobs")).as("TOCK_NAMESPACE").hasSize(1);
        String flagWins = tockProcess(java.util.Map.of("TOCK_NAMESPACE", "global-a"), "-n", "global-b", "jobs", "list", "-o", "json");
        assertThat(Jsons.JSON.readTree(flagWins).get("jobs")).as("-n before the command wins over TOCK_NAMESPACE").isEmpty();
    }

    /** {@code tock ARGS --server URL} in a child JVM with {@code env} (and no other TOCK_ variable); returns its stdout. */
    private static String tockProcess(java.util.Map<String, String> env, String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), dev.tock.cli.TockCommand.class.getName()));
        command.addAll(java.util.List.of(args));
        command.addAll(java.util.List.of("--server", server.url()));
        Path out = Files.createTempFile(folder, "tock", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().keySet().removeIf(name -> name.startsWith("TOCK_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("tock " + String.join(" ", args) + " did not finish within 60 s");
        }
        assertThat(process.exitValue()).as(Files.readString(out)).isZero();
        return Files.readString(out);
    }

    @Test
    void getShowsEveryKindLikeKubectl() throws Exception {
        namespace("get");
        ok("schedules", "create", "hourly", "-n", "get", "--schedule", "@hourly", "--type", "report");
        ok("queues", "set", "bulk", "-n", "get", "--max-running", "2");
        String id = json("jobs", "submit", "-n", "get", "--type", "x", "--delay", "1h", "-o", "json").get("id").asText();

        assertThat(ok("get", "jobs", "-n", "get").out()).contains(id);
        assertThat(ok("get", "job", id, "-n", "get").out()).contains(id);
        assertThat(ok("get", "schedules", "-n", "get").out()).contains("hourly");
        assertThat(json("get", "schedule", "hourly", "-n", "get", "-o", "json").get("schedule").asText()).isEqualTo("@hourly");
        assertThat(ok("get", "queues", "-n", "get").out()).contains("bulk");
        assertThat(Jsons.YAML.readTree(ok("get", "queue", "bulk", "-n", "get", "-o", "yaml").out()).get("maxRunning").asInt()).isEqualTo(2);
        assertThat(ok("get", "namespaces").out()).contains("get");
        assertThat(ok("get", "ns", "get").out()).contains("get");
        assertThat(ok("get", "nodes").out()).contains("cli-test-node");
        assertThat(ok("get", "node", "cli-test-node").out()).contains("cli-test-node");
        Run noNode = server.tock("get", "node", "elsewhere");
        assertThat(noNode.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(noNode.err()).contains("node elsewhere is not part of the cluster");
        assertThat(ok("get", "schedules", "-n", "default").err()).contains("No schedules found in namespace default");
    }

    @Test
    void everyOutputFormatShowsTheSameObject() throws Exception {
        namespace("formats");
        ok("schedules", "create", "daily", "-n", "formats", "--schedule", "@daily", "--type", "report");
        JsonNode fromJson = json("schedules", "get", "daily", "-n", "formats", "-o", "json");
        JsonNode fromYaml = Jsons.YAML.readTree(ok("schedules", "get", "daily", "-n", "formats", "-o", "yaml").out());
        assertThat(fromYaml).isEqualTo(fromJson);
        assertThat(fromJson.get("name").asText()).isEqualTo("daily");
        String table = ok("schedules", "get", "daily", "-n", "formats", "-o", "TABLE").out();
        assertThat(table.lines().toList()).hasSize(2);
        assertThat(table.lines().findFirst().orElseThrow()).startsWith("NAME").contains("SCHEDULE", "SUSPENDED");
    }

    @Test
    void completionAndHelp() {
        Run completion = TestServer.run("completion", "bash");
        assertThat(completion.exit()).isZero();
        assertThat(completion.out()).contains("complete -F", "tock", "schedules", "backfill", "--namespace");
        assertThat(TestServer.run("completion", "fish").exit()).isEqualTo(ExitCode.USAGE);

        String help = TestServer.run("--help").out();
        assertThat(help).contains("jobs", "schedules", "queues", "namespaces", "cluster", "get", "apply", "diff", "completion");
        String submit = TestServer.run("jobs", "submit", "--help").out();
        assertThat(submit).contains("--type", "--payload", "--payload-file", "--queue", "--priority", "--delay", "--run-at",
                "--idempotency-key", "--label", "--max-attempts", "--timeout", "--server", "--namespace", "--output", "TOCK_SERVER");
        assertThat(TestServer.run("jobs", "list", "--help").out()).contains("--state", "--all", "--limit", "--schedule");
    }
}
