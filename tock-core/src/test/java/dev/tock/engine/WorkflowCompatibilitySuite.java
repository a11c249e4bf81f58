package dev.tock.engine;

import static dev.tock.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tock.config.TockConfig;
import dev.tock.handler.JobHandler;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.model.JobTemplate;
import dev.tock.model.NewJob;
import dev.tock.schedule.FireOutcome;
import dev.tock.schedule.OverlapPolicy;
import dev.tock.schedule.Schedule;
import dev.tock.schedule.ScheduledWorkflow;
import dev.tock.testing.StoreFixture;
import dev.tock.workflow.InstanceState;
import dev.tock.workflow.InvalidWorkflowException;
import dev.tock.workflow.RunQuery;
import dev.tock.workflow.RunState;
import dev.tock.workflow.StepInstance;
import dev.tock.workflow.Workflow;
import dev.tock.workflow.WorkflowJson;
import dev.tock.workflow.WorkflowRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Workflows on every store: order, fan-out and pipelining, outputs, failure, retry, cancel, editing during a run. */
public abstract class WorkflowCompatibilitySuite extends StoreFixture {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Tock> nodes = new ArrayList<>();

    @Override
    protected void beforeStoreCloses() {
        nodes.forEach(n -> n.stop(Duration.ofSeconds(2)));
    }

    private Tock node(Map<String, JobHandler> handlers) {
        return node(handlers, TockConfig.builder());
    }

    private Tock node(Map<String, JobHandler> handlers, TockConfig.Builder base) {
        TockConfig config = base.nodeId("wf-" + nodes.size()).workerThreads(16).leaseDuration(Duration.ofSeconds(5))
                .heartbeatInterval(Duration.ofSeconds(1)).reaperInterval(Duration.ofMillis(200)).pollInterval(Duration.ofMillis(200)).build();
        Tock.Builder b = Tock.builder().config(config).store(store);
        handlers.forEach(b::handler);
        Tock tock = b.build();
        nodes.add(tock);
        return tock.start();
    }

    private static Workflow workflow(String name, String yamlishJson) {
        return WorkflowJson.read("default", name, yamlishJson.replace('\'', '"'));
    }

    private static WorkflowRun ended(Tock tock, String id) {
        return await(WAIT, "run " + id + " to end", () -> tock.workflows().run("default", id).orElseThrow(),
                r -> r.state() != RunState.RUNNING);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static StepInstance only(WorkflowRun run, String step) {
        return run.instancesOf(step).stream().filter(StepInstance::isStepLevel).findFirst().orElseThrow();
    }

    /**
     * The scanning platform's pipeline, per target: discovery finds 5 hosts; ports fans out per host; crawl runs per
     * host as soon as that host's ports finished (pipelined), only when ports found a web port; vulns runs per host
     * whatever crawl did (allDone); report reads the fan-in of vulns (noneFailed); onExit always runs.
     */
    @Test
    void theScanningPipelineRunsPerTargetPipelinedWithConditionsAndFanIn() throws Exception {
        Map<String, Instant> portsEnded = new ConcurrentHashMap<>();
        Map<String, Instant> crawlStarted = new ConcurrentHashMap<>();
        List<String> exits = new CopyOnWriteArrayList<>();
        Map<String, JsonNode> reports = new ConcurrentHashMap<>();
        CountDownLatch crawlOfFirstHostStarted = new CountDownLatch(3);
        Map<String, JobHandler> handlers = new HashMap<>();
        handlers.put("scan.discover", ctx -> {
            String target = ctx.payloadAs(JsonNode.class).get("target").asText();
            StringBuilder hosts = new StringBuilder("[");
            for (int h = 1; h <= 5; h++) {
                hosts.append(h > 1 ? "," : "").append("{\"ip\":\"").append(target).append('.').append(h).append("\"}");
            }
            ctx.result("{\"hosts\":" + hosts + "]}");
        });
        handlers.put("scan.ports", ctx -> {
            String ip = ctx.payloadAs(JsonNode.class).get("ip").asText();
            if (ip.endsWith(".5")) {
                // The last host's ports wait until the first host was crawled: crawl runs per host, not after all ports.
                assertThat(crawlOfFirstHostStarted.await(20, TimeUnit.SECONDS)).as("crawl of .1 before ports of .5 ended").isTrue();
            }
            boolean web = Integer.parseInt(ip.substring(ip.lastIndexOf('.') + 1)) % 2 == 1;
            portsEnded.put(ip, Instant.now());
            ctx.result("{\"ip\":\"" + ip + "\",\"web\":" + web + "}");
        });
        handlers.put("scan.crawl", ctx -> {
            String ip = ctx.payloadAs(JsonNode.class).get("ip").asText();
            crawlStarted.put(ip, Instant.now());
            if (ip.endsWith(".1")) {
                crawlOfFirstHostStarted.countDown();
            }
            ctx.result("{\"pages\":3}");
        });
        handlers.put("scan.vulns", ctx -> {
            JsonNode p = ctx.payloadAs(JsonNode.class);
            ctx.result("{\"ip\":\"" + p.get("ip").asText() + "\",\"pages\":" + p.get("pages") + "}");
        });
        handlers.put("scan.report", ctx -> {
            JsonNode p = ctx.payloadAs(JsonNode.class);
            reports.put(p.get("target").asText(), p.get("vulns"));
        });
        handlers.put("scan.cleanup", ctx -> exits.add(ctx.payloadAs(JsonNode.class).get("target").asText()));
        Tock tock = node(handlers);
        tock.workflows().save(workflow("scan", """
                {'failFast': false, 'steps': [
                  {'name': 'discovery', 'type': 'scan.discover', 'payload': {'target': '{{inputs.target}}'}},
                  {'name': 'ports', 'type': 'scan.ports', 'needs': ['discovery'], 'payload': {'ip': '{{item.ip}}'},
                   'forEach': {'items': '{{steps.discovery.output.hosts}}', 'key': '{{item.ip}}', 'maxParallel': 20}},
                  {'name': 'crawl', 'type': 'scan.crawl', 'forEach': {'sameAs': 'ports'}, 'payload': {'ip': '{{item.ip}}'},
                   'when': 'steps.ports.output.web == true'},
                  {'name': 'vulns', 'type': 'scan.vulns', 'forEach': {'sameAs': 'crawl'}, 'trigger': 'allDone',
                   'payload': {'ip': '{{item.ip}}', 'pages': '{{steps.crawl.output.pages}}'}},
                  {'name': 'report', 'type': 'scan.report', 'needs': ['vulns'], 'trigger': 'noneFailed',
                   'payload': {'target': '{{inputs.target}}', 'vulns': '{{steps.vulns.output}}'}}],
                 'onExit': {'name': 'cleanup', 'type': 'scan.cleanup', 'payload': {'target': '{{inputs.target}}'}}}
                """));

        List<String> ids = new ArrayList<>();
        for (String target : List.of("10.0.1", "10.0.2", "10.0.3")) {
            ids.add(tock.workflows().start("default", "scan", "{\"target\":\"" + target + "\"}").id());
        }
        for (String id : ids) {
            WorkflowRun run = ended(tock, id);
            assertThat(run.state()).as("run " + id).isEqualTo(RunState.SUCCEEDED);
            assertThat(run.instancesOf("ports")).filteredOn(i -> !i.isStepLevel()).hasSize(5)
                    .allSatisfy(i -> assertThat(i.state()).isEqualTo(InstanceState.SUCCEEDED));
            assertThat(run.instancesOf("crawl")).filteredOn(i -> !i.isStepLevel())
                    .extracting(i -> i.itemKey().substring(i.itemKey().lastIndexOf('.') + 1) + "=" + i.state().wireName())
                    .containsExactlyInAnyOrder("1=succeeded", "2=skipped", "3=succeeded", "4=skipped", "5=succeeded");
            assertThat(run.instancesOf("vulns")).filteredOn(i -> !i.isStepLevel()).hasSize(5)
                    .allSatisfy(i -> assertThat(i.state()).isEqualTo(InstanceState.SUCCEEDED));
            assertThat(only(run, "cleanup").state()).isEqualTo(InstanceState.SUCCEEDED);
            assertThat(only(run, "cleanup").createdAt()).isAfterOrEqualTo(only(run, "report").finishedAt().orElseThrow());
        }
        assertThat(portsEnded).hasSize(15);
        assertThat(crawlStarted).hasSize(9).allSatisfy((ip, started) -> assertThat(started).isAfterOrEqualTo(portsEnded.get(ip)));
        assertThat(exits).containsExactlyInAnyOrder("10.0.1", "10.0.2", "10.0.3");
        JsonNode vulns = reports.get("10.0.2");
        assertThat(vulns.size()).isEqualTo(5);
        assertThat(vulns.get(0)).isEqualTo(json("{\"ip\":\"10.0.2.1\",\"pages\":3}"));
        assertThat(vulns.get(1)).isEqualTo(json("{\"ip\":\"10.0.2.2\",\"pages\":null}"));
    }

    @Test
    void seedRunsOnlyAfterMigrateSucceededAndAFailingMigrateFailsTheRun() {
        List<String> order = new CopyOnWriteArrayList<>();
        AtomicInteger migrateAttempts = new AtomicInteger();
        Tock tock = node(Map.of(
                "db.migrate", ctx -> {
                    order.add("migrate");
                    if (ctx.payloadAs(JsonNode.class).path("broken").asBoolean()) {
                        migrateAttempts.incrementAndGet();
                        throw new IllegalStateException("migration 42 failed");
                    }
                },
                "db.seed", ctx -> order.add("seed"),
                "app.ready", ctx -> order.add("ready")));
        tock.workflows().save(workflow("weather", """
                {'steps': [
                  {'name': 'migrate', 'type': 'db.migrate', 'payload': {'broken': '{{inputs.broken}}'},
                   'retry': {'maxAttempts': 2, 'initialBackoff': '10ms', 'maxBackoff': '10ms'}},
                  {'name': 'seed', 'type': 'db.seed', 'needs': ['migrate']},
                  {'name': 'app-ready', 'type': 'app.ready', 'needs': ['seed']}]}
                """));

        WorkflowRun good = ended(tock, tock.workflows().start("default", "weather", "{\"broken\":false}").id());
        assertThat(good.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(order).containsExactly("migrate", "seed", "ready");

        order.clear();
        WorkflowRun bad = ended(tock, tock.workflows().start("default", "weather", "{\"broken\":true}").id());
        assertThat(bad.state()).isEqualTo(RunState.FAILED);
        assertThat(migrateAttempts).hasValue(2);
        assertThat(order).containsExactly("migrate", "migrate");
        assertThat(only(bad, "migrate").state()).isEqualTo(InstanceState.DEAD);
        assertThat(only(bad, "migrate").jobState()).contains(JobState.DEAD);
        assertThat(only(bad, "seed").state()).isEqualTo(InstanceState.CANCELLED);
        assertThat(only(bad, "seed").jobId()).isEmpty();
        assertThat(tock.workflows().runs(new RunQuery("default", Optional.of("weather"), Optional.of(RunState.FAILED),
                Optional.empty(), 10))).extracting(WorkflowRun::id).containsExactly(bad.id());
    }

    @Test
    void retryRunsOnlyTheFailedStepAndItsDependentsAndKeepsSucceededOutputs() {
        AtomicInteger prepared = new AtomicInteger();
        AtomicInteger builds = new AtomicInteger();
        List<String> published = new CopyOnWriteArrayList<>();
        Tock tock = node(Map.of(
                "ci.prepare", ctx -> ctx.result("{\"commit\":\"abc" + prepared.incrementAndGet() + "\"}"),
                "ci.build", ctx -> {
                    if (builds.incrementAndGet() == 1) {
                        throw new IllegalStateException("flaky build");
                    }
                    ctx.result("{\"artifact\":\"app.jar\"}");
                },
                "ci.lint", ctx -> { },
                "ci.publish", ctx -> published.add(ctx.payload())));
        tock.workflows().save(workflow("ci", """
                {'steps': [
                  {'name': 'prepare', 'type': 'ci.prepare'},
                  {'name': 'lint', 'type': 'ci.lint', 'needs': ['prepare']},
                  {'name': 'build', 'type': 'ci.build', 'needs': ['prepare'], 'retry': {'maxAttempts': 1}},
                  {'name': 'publish', 'type': 'ci.publish', 'needs': ['build', 'lint'],
                   'payload': {'commit': '{{steps.prepare.output.commit}}', 'artifact': '{{steps.build.output.artifact}}'}}]}
                """));
        WorkflowRun failed = ended(tock, tock.workflows().start("default", "ci", "{}").id());
        assertThat(failed.state()).isEqualTo(RunState.FAILED);
        await(WAIT, "lint to end", () -> only(tock.workflows().run("default", failed.id()).orElseThrow(), "lint").state().isFinal());

        WorkflowRun retried = tock.workflows().retry("default", failed.id());
        assertThat(retried.state()).as("running again, or already through its one retried step").isIn(RunState.RUNNING, RunState.SUCCEEDED);
        WorkflowRun done = ended(tock, failed.id());
        assertThat(done.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(prepared).as("prepare is kept, not run again").hasValue(1);
        assertThat(builds).hasValue(2);
        assertThat(only(done, "prepare").jobId()).isEqualTo(only(failed, "prepare").jobId());
        assertThat(published).singleElement().satisfies(p -> assertThat(json(p)).isEqualTo(json("{\"commit\":\"abc1\",\"artifact\":\"app.jar\"}")));
    }

    @Test
    void cancellingARunStopsItsRunningFanOutAndNothingAfterItStarts() {
        Semaphore never = new Semaphore(0);
        AtomicInteger started = new AtomicInteger();
        AtomicInteger after = new AtomicInteger();
        Tock tock = node(Map.of(
                "make.items", ctx -> ctx.result(JSON.valueToTree(java.util.stream.IntStream.range(0, 100).boxed().toList()).toString()),
                "work.slow", ctx -> {
                    started.incrementAndGet();
                    never.acquire();
                },
                "work.after", ctx -> after.incrementAndGet()));
        tock.workflows().save(workflow("big", """
                {'steps': [
                  {'name': 'items', 'type': 'make.items'},
                  {'name': 'work', 'type': 'work.slow', 'needs': ['items'], 'payload': {'n': '{{item}}'},
                   'forEach': {'items': '{{steps.items.output}}', 'maxParallel': 100}},
                  {'name': 'after', 'type': 'work.after', 'needs': ['work'], 'trigger': 'allDone'}]}
                """));
        String id = tock.workflows().start("default", "big", "{}").id();
        await(WAIT, "the fan-out to be running", () -> started.get() >= 10);

        WorkflowRun cancelled = tock.workflows().cancel("default", id);
        assertThat(cancelled.state()).isEqualTo(RunState.CANCELLED);
        WorkflowRun run = await(WAIT, "every item to end", () -> tock.workflows().run("default", id).orElseThrow(),
                r -> r.instancesOf("work").stream().filter(i -> !i.isStepLevel()).allMatch(i -> i.state().isFinal()
                        && i.jobState().map(JobState::isFinal).orElse(true)));
        assertThat(run.instancesOf("work")).filteredOn(i -> !i.isStepLevel()).hasSize(100)
                .allSatisfy(i -> assertThat(i.state()).isEqualTo(InstanceState.CANCELLED));
        assertThat(run.instancesOf("after")).isEmpty();
        assertThat(after).hasValue(0);
        assertThat(run.state()).isEqualTo(RunState.CANCELLED);
    }

    @Test
    void editingAWorkflowDuringARunChangesNothingInTheRun() {
        Semaphore release = new Semaphore(0);
        List<String> seen = new CopyOnWriteArrayList<>();
        Tock tock = node(Map.of(
                "edit.first", ctx -> release.acquire(),
                "edit.second", ctx -> seen.add(ctx.payload()),
                "edit.third", ctx -> seen.add("third")));
        tock.workflows().save(workflow("edited", """
                {'steps': [{'name': 'first', 'type': 'edit.first'},
                  {'name': 'second', 'type': 'edit.second', 'needs': ['first'], 'payload': {'v': 1}}]}
                """));
        String id = tock.workflows().start("default", "edited", "{}").id();
        await(WAIT, "first to run", () -> tock.workflows().run("default", id).orElseThrow().instancesOf("first").stream()
                .anyMatch(i -> i.jobState().equals(Optional.of(JobState.RUNNING))));
        long version = tock.workflows().save(workflow("edited", """
                {'steps': [{'name': 'first', 'type': 'edit.first'},
                  {'name': 'second', 'type': 'edit.second', 'needs': ['first'], 'payload': {'v': 2}},
                  {'name': 'third', 'type': 'edit.third', 'needs': ['second']}]}
                """));
        assertThat(version).isEqualTo(2);
        release.release();

        WorkflowRun run = ended(tock, id);
        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(seen).singleElement().satisfies(p -> assertThat(json(p)).isEqualTo(json("{\"v\":1}")));
        assertThat(run.definition().steps()).hasSize(2);
        assertThat(run.instancesOf("third")).isEmpty();
    }

    /**
     * Outputs from every executor: an HTTP response body and a command's stdout when the step asks, passed to a later
     * step's payload; an output over max-step-output-bytes fails its attempt with the reason and the run fails.
     */
    @Test
    void httpBodiesAndCommandOutputsBecomeStepOutputsWithinTheBound() throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hosts", exchange -> {
            byte[] body = "{\"hosts\":[\"a\",\"b\"]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            List<String> got = new CopyOnWriteArrayList<>();
            Tock tock = node(Map.of("collect", ctx -> got.add(ctx.payload()), "big", ctx -> ctx.result("\"" + "x".repeat(300) + "\"")),
                    TockConfig.builder().httpEgressAllow(List.of("127.0.0.1")).commandExecutorEnabled(true).maxStepOutputBytes(200));
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hosts";
            tock.workflows().save(workflow("outputs", """
                    {'steps': [
                      {'name': 'fetch', 'output': 'body', 'executor': {'kind': 'http', 'method': 'GET', 'url': '%s'}},
                      {'name': 'count', 'output': 'stdout', 'needs': ['fetch'],
                       'executor': {'kind': 'command', 'shell': 'echo {{steps.fetch.output.hosts.1}}-{{inputs.tag}}'}},
                      {'name': 'collect', 'type': 'collect', 'needs': ['count'],
                       'payload': {'hosts': '{{steps.fetch.output.hosts}}', 'line': '{{steps.count.output}}'}}]}
                    """.formatted(url)));
            WorkflowRun run = ended(tock, tock.workflows().start("default", "outputs", "{\"tag\":\"v1\"}").id());
            assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
            assertThat(got).singleElement().satisfies(p -> assertThat(json(p)).isEqualTo(json("{\"hosts\":[\"a\",\"b\"],\"line\":\"b-v1\\n\"}")));

            tock.workflows().save(workflow("too-big", "{'steps': [{'name': 'big', 'type': 'big'}]}"));
            WorkflowRun failed = ended(tock, tock.workflows().start("default", "too-big", "{}").id());
            assertThat(failed.state()).isEqualTo(RunState.FAILED);
            assertThat(only(failed, "big").state()).isEqualTo(InstanceState.DEAD);
            assertThat(only(failed, "big").error()).hasValueSatisfying(e -> assertThat(e).contains("over max-step-output-bytes (200)"));
            assertThat(tock.jobs().attempts(only(failed, "big").jobId().orElseThrow())).singleElement()
                    .satisfies(a -> assertThat(a.error()).hasValueSatisfying(e -> assertThat(e).contains("302 bytes")));
        } finally {
            server.stop(0);
        }
    }

    /**
     * In an executor's text fields a placeholder gives text whatever it refers to: {@code "{{item}}"} of a number is a
     * command argument, {@code "{{inputs.flag}}"} of a boolean an environment value (they were refused as not strings).
     */
    @Test
    void placeholdersOfNumbersAndBooleansAreTextInACommand() {
        List<String> got = new CopyOnWriteArrayList<>();
        Tock tock = node(Map.of("list", ctx -> ctx.result("[1, 2.5]"), "collect", ctx -> got.add(ctx.payload())),
                TockConfig.builder().commandExecutorEnabled(true));
        tock.workflows().save(workflow("typed", """
                {'steps': [{'name': 'list', 'type': 'list'},
                  {'name': 'each', 'needs': ['list'], 'output': 'stdout', 'forEach': {'items': '{{steps.list.output}}'},
                   'executor': {'kind': 'command', 'command': ['sh', '-c', 'printf %s:%s $1 $FLAG', 'sh', '{{item}}'],
                                'env': {'FLAG': '{{inputs.flag}}'}}},
                  {'name': 'collect', 'type': 'collect', 'needs': ['each'], 'payload': {'lines': '{{steps.each.output}}'}}]}
                """));
        WorkflowRun run = ended(tock, tock.workflows().start("default", "typed", "{\"flag\": true}").id());
        assertThat(run.state()).as(run.toString()).isEqualTo(RunState.SUCCEEDED);
        assertThat(got).singleElement().satisfies(p -> assertThat(json(p)).isEqualTo(json("{\"lines\":[\"1:true\",\"2.5:true\"]}")));
        assertThat(tock.workflows().run("default", run.id()).orElseThrow().instancesOf("each"))
                .as("a fan-out step's own instance is listed before its items").first().satisfies(i -> assertThat(i.isStepLevel()).isTrue());
    }

    /** Each workflow's latest run, in one read for a namespace's list; a workflow never run has none. */
    @Test
    void theLatestRunOfEachWorkflowIsReadInOneCall() {
        Tock tock = node(Map.of("noop", ctx -> { }));
        for (String name : List.of("often", "once", "never")) {
            tock.workflows().save(workflow(name, "{'steps': [{'name': 'a', 'type': 'noop'}]}"));
        }
        ended(tock, tock.workflows().start("default", "often", "{}").id());
        String once = ended(tock, tock.workflows().start("default", "once", "{}").id()).id();
        String newest = ended(tock, tock.workflows().start("default", "often", "{}").id()).id();

        Map<String, WorkflowRun> latest = tock.workflows().latestRuns("default");

        assertThat(latest.keySet()).containsExactly("often", "once");
        assertThat(latest.get("often").id()).isEqualTo(newest);
        assertThat(latest.get("once").id()).isEqualTo(once);
        assertThat(latest.get("often").state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(tock.workflows().latestRuns("elsewhere")).isEmpty();
    }

    /** A declared input's default reaches the steps of a run that does not give it, and the run records it. */
    @Test
    void aDeclaredInputsDefaultReachesTheSteps() {
        List<String> got = new CopyOnWriteArrayList<>();
        Tock tock = node(Map.of("deploy", ctx -> got.add(ctx.payload())));
        tock.workflows().save(workflow("deploy", """
                {'inputs': {'version': {}, 'env': {'default': 'prod'}},
                 'steps': [{'name': 'deploy', 'type': 'deploy', 'payload': {'v': '{{inputs.version}}', 'env': '{{inputs.env}}'}}]}
                """));
        WorkflowRun run = ended(tock, tock.workflows().start("default", "deploy", "{\"version\": 7}").id());
        assertThat(run.state()).as(run.toString()).isEqualTo(RunState.SUCCEEDED);
        assertThat(got).singleElement().satisfies(p -> assertThat(json(p)).isEqualTo(json("{\"v\": 7, \"env\": \"prod\"}")));
        assertThat(json(run.inputs())).isEqualTo(json("{\"version\": 7, \"env\": \"prod\"}"));
    }

    /**
     * A run's instances are shown in the order they were made, and those made in one transaction in the order of the
     * definition's steps: a fan-out step before the step that pipelines its items, whatever their names (by name,
     * {@code alpha} came before {@code zeta}, which it follows).
     */
    @Test
    void instancesMadeTogetherAreShownInTheDefinitionsOrder() {
        Tock tock = node(Map.of("list", ctx -> ctx.result("[1, 2]"), "noop", ctx -> { }));
        tock.workflows().save(workflow("ordered", """
                {'steps': [{'name': 'list', 'type': 'list'},
                  {'name': 'zeta', 'type': 'noop', 'needs': ['list'], 'forEach': {'items': '{{steps.list.output}}'}},
                  {'name': 'alpha', 'type': 'noop', 'forEach': {'sameAs': 'zeta'}}]}
                """));
        WorkflowRun run = ended(tock, tock.workflows().start("default", "ordered", "{}").id());
        assertThat(run.state()).as(run.toString()).isEqualTo(RunState.SUCCEEDED);
        assertThat(tock.workflows().run("default", run.id()).orElseThrow().instances())
                .filteredOn(StepInstance::isStepLevel).extracting(StepInstance::step).containsExactly("list", "zeta", "alpha");
    }

    /**
     * In an executor's text fields a placeholder of a list or an object gives its JSON, and one of a missing value
     * empty text: a fan-in output passed to a command as one argument (the command died as "not an array of strings").
     * The command's stdout starts as JSON but goes on: it is recorded as text, whole (it was kept as its first value).
     */
    @Test
    void placeholdersOfListsAndObjectsAreTheirJsonInACommand() {
        List<String> got = new CopyOnWriteArrayList<>();
        Tock tock = node(Map.of("doc", ctx -> ctx.result("{\"hosts\": [\"a\", \"b\"], \"n\": 2}"), "collect", ctx -> got.add(ctx.payload())),
                TockConfig.builder().commandExecutorEnabled(true));
        tock.workflows().save(workflow("containers", """
                {'steps': [{'name': 'doc', 'type': 'doc'},
                  {'name': 'report', 'needs': ['doc'], 'output': 'stdout',
                   'executor': {'kind': 'command', 'command': ['sh', '-c', 'set -f; printf %s:%s:%s $1 $DOC $NONE', 'sh',
                                                              '{{steps.doc.output.hosts}}'],
                                'env': {'DOC': '{{steps.doc.output}}', 'NONE': '{{inputs.missing}}'}}},
                  {'name': 'collect', 'type': 'collect', 'needs': ['report'], 'payload': {'line': '{{steps.report.output}}'}}]}
                """));
        WorkflowRun run = ended(tock, tock.workflows().start("default", "containers", "{}").id());
        assertThat(run.state()).as(run.toString()).isEqualTo(RunState.SUCCEEDED);
        assertThat(got).as("payloads %s", got).singleElement().satisfies(p -> assertThat(json(p).path("line").asText())
                .isEqualTo("[\"a\",\"b\"]:{\"hosts\":[\"a\",\"b\"],\"n\":2}:"));
    }

    /**
     * A result is JSON only when nothing follows its value: a handler's {@code [1] and more} fails the attempt (it was
     * recorded as it was and read back as {@code [1]}), and a run's or a schedule's inputs with text after their object
     * are refused, naming the inputs.
     */
    @Test
    void textAfterAJsonValueIsNoJson() {
        Tock tock = node(Map.of("trailing", ctx -> ctx.result("[1] and more")));
        tock.workflows().save(workflow("trailing", "{'steps': [{'name': 'one', 'type': 'trailing'}]}"));
        WorkflowRun run = ended(tock, tock.workflows().start("default", "trailing", "{}").id());
        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat(only(run, "one").error()).hasValueSatisfying(e -> assertThat(e).contains("step output is not JSON"));
        assertThat(only(run, "one").output()).isEmpty();

        assertThatThrownBy(() -> tock.workflows().start("default", "trailing", "{\"a\": 1} and more"))
                .isInstanceOfSatisfying(InvalidWorkflowException.class, e -> assertThat(e.field()).isEqualTo("inputs"));
        assertThatThrownBy(() -> Schedule.ofWorkflow("default", "trailing-inputs", "0 3 * * *", "trailing", "{\"a\": 1} x"))
                .isInstanceOfSatisfying(dev.tock.model.InvalidJobException.class, e -> assertThat(e.field()).isEqualTo("inputs"));
        assertThatThrownBy(() -> WorkflowJson.read("default", "w", "{\"steps\": [{\"name\": \"a\", \"type\": \"t\"}]} x"))
                .isInstanceOfSatisfying(InvalidWorkflowException.class, e -> assertThat(e.field()).isEqualTo("spec"));
    }

    /** A forEach over something that is not a list fails the step with the reason; nothing after it starts. */
    @Test
    void aForEachOverANonListFailsTheStepAtRunTime() {
        AtomicInteger ran = new AtomicInteger();
        Tock tock = node(Map.of("one", ctx -> ctx.result("{\"hosts\":\"not a list\"}"), "each", ctx -> ran.incrementAndGet()));
        tock.workflows().save(workflow("nonlist", """
                {'steps': [{'name': 'one', 'type': 'one'},
                  {'name': 'each', 'type': 'each', 'needs': ['one'], 'forEach': {'items': '{{steps.one.output.hosts}}'}}]}
                """));
        WorkflowRun run = ended(tock, tock.workflows().start("default", "nonlist", "{}").id());
        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat(only(run, "each").error()).hasValueSatisfying(e -> assertThat(e).contains("is not a list"));
        assertThat(ran).hasValue(0);
    }

    /**
     * A schedule whose job is a workflow starter written the old way (a {@code tock.workflow} job template) fires every
     * second with overlap forbid for 8 s: see {@link #aScheduleStartsAWorkflowEverySecondWithForbid}. The 30 s run of
     * the issue, with the {@code workflow} field, runs on PostgreSQL only ({@code PostgresWorkflowTest}).
     */
    @Test
    void aScheduleStartsAWorkflowPerFireWithoutOverlappingRuns() {
        aScheduleStartsAWorkflowEverySecondWithForbid(Duration.ofSeconds(8), false);
    }

    /**
     * A schedule starts a run of a workflow every second with overlap forbid for {@code length}: each fire starts one
     * run, runs never overlap (a run takes longer than a second, so fires in between are skipped), every nominal time is
     * recorded, fired or skipped, and every fired time's run exists.
     *
     * @param workflowField the schedule names the workflow ({@code spec.workflow}), rather than a starter job template
     */
    protected void aScheduleStartsAWorkflowEverySecondWithForbid(Duration length, boolean workflowField) {
        Tock tock = node(Map.of("slow.step", ctx -> Thread.sleep(1_500)));
        tock.workflows().save(workflow("every-second", "{'steps': [{'name': 'slow', 'type': 'slow.step'}]}"));
        Schedule schedule = workflowField
                ? Schedule.ofWorkflow("default", "wf-every-second", "@every 1s", "every-second", "{\"k\": 1}")
                : Schedule.of("default", "wf-every-second", "@every 1s",
                        JobTemplate.of("tock.workflow").withPayload("{\"workflow\": \"every-second\", \"inputs\": {\"k\": 1}}"));
        assertThat(schedule.workflow()).hasValue(new ScheduledWorkflow("every-second", "{\"k\":1}"));
        tock.schedules().save(schedule.withOverlap(OverlapPolicy.FORBID));
        Instant from = Instant.now();
        dev.tock.testing.Eventually.sleep(length.toMillis());
        tock.schedules().suspend("default", "wf-every-second");
        Instant to = Instant.now();
        List<WorkflowRun> runs = await(WAIT, "the started runs to end", () -> tock.workflows().runs(new RunQuery("default",
                Optional.of("every-second"), Optional.empty(), Optional.empty(), RunQuery.MAX_LIMIT)),
                rs -> rs.stream().allMatch(r -> r.state() != RunState.RUNNING));
        assertThat(runs).hasSizeGreaterThanOrEqualTo(2).allSatisfy(r -> {
            assertThat(r.state()).isEqualTo(RunState.SUCCEEDED);
            assertThat(json(r.inputs())).isEqualTo(json("{\"k\":1}"));
        });
        List<WorkflowRun> byStart = runs.stream().sorted(java.util.Comparator.comparing(WorkflowRun::createdAt)).toList();
        for (int i = 1; i < byStart.size(); i++) {
            assertThat(byStart.get(i).createdAt()).as("run " + i + " starts after run " + (i - 1) + " ended")
                    .isAfterOrEqualTo(byStart.get(i - 1).finishedAt().orElseThrow());
        }
        var all = tock.schedules().runs("default", "wf-every-second", 1_000);
        var fires = all.stream().filter(f -> !f.nominalTime().isBefore(from.plusSeconds(1)) && f.nominalTime().isBefore(to.minusSeconds(1)))
                .toList();
        assertThat(fires).extracting(f -> f.nominalTime().getEpochSecond()).doesNotHaveDuplicates();
        long first = fires.stream().mapToLong(f -> f.nominalTime().getEpochSecond()).min().orElseThrow();
        long last = fires.stream().mapToLong(f -> f.nominalTime().getEpochSecond()).max().orElseThrow();
        assertThat(fires).as("every nominal time recorded, fired or skipped").hasSize((int) (last - first + 1));
        assertThat(fires).extracting(f -> f.outcome()).contains(FireOutcome.FIRED, FireOutcome.SKIPPED);
        List<String> firedJobs = all.stream().filter(f -> f.job().isPresent()).map(f -> f.job().get().toString()).toList();
        assertThat(runs).extracting(WorkflowRun::id).as("every run started by a fire").isSubsetOf(firedJobs)
                .containsAll(fires.stream().filter(f -> f.job().isPresent()).map(f -> f.job().get().toString()).toList());
    }

    /**
     * A schedule naming a workflow is stored as it was written, whichever spelling made it, and is checked when saved:
     * an unknown workflow names the field {@code workflow}, inputs that are not an object name {@code inputs}.
     */
    @Test
    void aScheduleNamingAWorkflowIsStoredAndCheckedWhenSaved() {
        Tock tock = node(Map.of("noop", ctx -> { }));
        tock.workflows().save(workflow("named", "{'steps': [{'name': 'only', 'type': 'noop'}]}"));
        tock.schedules().save(Schedule.ofWorkflow("default", "names-it", "0 3 * * *", "named", "{\"target\": \"10.0.1\", \"n\": [1, 2]}"));
        tock.schedules().save(Schedule.of("default", "old-form", "0 3 * * *", JobTemplate.of("tock.workflow")
                .withPayload("{\"inputs\": {\"n\": [1, 2], \"target\": \"10.0.1\"}, \"workflow\": \"named\"}")));
        ScheduledWorkflow stored = tock.schedules().get("default", "names-it").schedule().workflow().orElseThrow();
        assertThat(stored.name()).isEqualTo("named");
        assertThat(json(stored.inputsJson())).isEqualTo(json("{\"target\": \"10.0.1\", \"n\": [1, 2]}"));
        assertThat(tock.schedules().get("default", "old-form").schedule().workflow()).hasValueSatisfying(w -> {
            assertThat(w.name()).isEqualTo("named");
            assertThat(json(w.inputsJson())).isEqualTo(json(stored.inputsJson()));
        });
        assertThat(Schedule.of("default", "queued", "0 3 * * *", JobTemplate.of("tock.workflow").withQueue("other")
                .withPayload("{\"workflow\": \"named\"}")).workflow()).as("a starter with job settings of its own").isEmpty();

        assertThatThrownBy(() -> tock.schedules().save(Schedule.ofWorkflow("default", "unknown", "0 3 * * *", "no-such", null)))
                .isInstanceOfSatisfying(dev.tock.model.InvalidJobException.class, e -> assertThat(e.field()).isEqualTo("workflow"));
        assertThatThrownBy(() -> Schedule.ofWorkflow("default", "listy", "0 3 * * *", "named", "[1, 2]"))
                .isInstanceOfSatisfying(dev.tock.model.InvalidJobException.class, e -> assertThat(e.field()).isEqualTo("inputs"));
        assertThat(tock.schedules().find("default", "unknown")).isEmpty();

        tock.workflows().delete("default", "named");
        tock.schedules().suspend("default", "names-it");
        assertThat(tock.schedules().get("default", "names-it").schedule().suspended()).as("suspended after its workflow went").isTrue();
    }

    /** A node whose {@code block} steps wait a minute, and the starter job of a run it is in the middle of. */
    private record BlockedRun(Tock node, JobId starter) {
    }

    /** Starts a run of workflow {@code name} ({@code steps}) through a starter job; returns once its first step runs. */
    private BlockedRun startBlockedRun(String name, String steps) {
        CountDownLatch started = new CountDownLatch(1);
        Tock tock = node(Map.of("block", ctx -> {
            started.countDown();
            Thread.sleep(60_000);
        }));
        tock.workflows().save(workflow(name, steps));
        JobId starter = tock.jobs().enqueue(NewJob.builder("tock.workflow").payload("{\"workflow\": \"" + name + "\"}").build()).id();
        await(WAIT, "the run's first step to run", () -> started.getCount(), c -> c == 0);
        return new BlockedRun(tock, starter);
    }

    /** Cancelling the starter job through the jobs API cancels the run it started, and the run's running step. */
    @Test
    void cancellingTheStarterJobCancelsItsRun() {
        BlockedRun blocked = startBlockedRun("blocking",
                "{'steps': [{'name': 'wait', 'type': 'block'}, {'name': 'after', 'type': 'block', 'needs': ['wait']}]}");
        Tock tock = blocked.node();
        JobId starter = blocked.starter();
        tock.jobs().cancel(starter);
        WorkflowRun run = ended(tock, starter.toString());
        assertThat(run.state()).isEqualTo(RunState.CANCELLED);
        assertThat(only(run, "wait").jobId()).hasValueSatisfying(job -> assertThat(await(WAIT, "the step's job to end",
                () -> tock.jobs().get(job).state(), JobState::isFinal)).isEqualTo(JobState.CANCELLED));
        assertThat(run.instancesOf("after")).allSatisfy(i -> assertThat(i.jobId()).isEmpty());
        assertThat(tock.jobs().get(starter).state()).isEqualTo(JobState.CANCELLED);
    }

    /**
     * A node shutting down leaves its starter's run going (the next attempt attaches to it); cancelling that starter
     * through the jobs API of a node that runs nothing then cancels the run.
     */
    @Test
    void cancellingAStarterThatNoNodeRunsCancelsItsRun() {
        BlockedRun blocked = startBlockedRun("left", "{'steps': [{'name': 'wait', 'type': 'block'}]}");
        JobId starter = blocked.starter();
        blocked.node().stop(Duration.ofSeconds(1));
        Tock idle = Tock.builder().config(TockConfig.builder().nodeId("wf-idle").build()).store(store).build();
        nodes.add(idle);
        assertThat(idle.workflows().run("default", starter.toString()).orElseThrow().state()).as("a shutdown keeps the run")
                .isEqualTo(RunState.RUNNING);
        assertThat(idle.jobs().cancel(starter).cancelled()).isTrue();
        assertThat(idle.workflows().run("default", starter.toString()).orElseThrow().state()).isEqualTo(RunState.CANCELLED);
    }

    /**
     * A starter cancelled in the store while no node runs it (a replacing fire when the starter's node was down): the
     * workflow catch-up cancels its run.
     */
    @Test
    void aRunWhoseStarterWasCancelledInTheStoreIsCancelledByTheCatchUp() {
        BlockedRun blocked = startBlockedRun("orphaned", "{'steps': [{'name': 'wait', 'type': 'block'}]}");
        JobId starter = blocked.starter();
        blocked.node().stop(Duration.ofSeconds(1));
        assertThat(store.jobs().cancel(starter).cancelled()).isTrue(); // as a replacing fire does, in the store alone
        assertThat(store.workflows().findRun("default", starter.toString()).orElseThrow().state()).isEqualTo(RunState.RUNNING);

        store.workflows().reconcile(100);

        WorkflowRun run = store.workflows().findRun("default", starter.toString()).orElseThrow();
        assertThat(run.state()).isEqualTo(RunState.CANCELLED);
        assertThat(store.jobs().find(only(run, "wait").jobId().orElseThrow()).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
    }

    /** A schedule with overlap replace that starts a workflow: each fire cancels the previous starter, and so its run. */
    @Test
    void aReplacingFireCancelsThePreviousRun() {
        // Every run's step holds until released, so only a replacing fire can end a run before the release, however
        // late the fires come on a loaded machine.
        CountDownLatch release = new CountDownLatch(1);
        Tock tock = node(Map.of("long", ctx -> release.await()));
        tock.workflows().save(workflow("replaced", "{'steps': [{'name': 'long', 'type': 'long'}]}"));
        tock.schedules().save(Schedule.ofWorkflow("default", "wf-replace", "@every 1s", "replaced", null)
                .withOverlap(OverlapPolicy.REPLACE));
        RunQuery query = new RunQuery("default", Optional.of("replaced"), Optional.empty(), Optional.empty(), RunQuery.MAX_LIMIT);
        await(WAIT, "a run cancelled by a replacing fire", () -> tock.workflows().runs(query),
                rs -> rs.stream().anyMatch(r -> r.state() == RunState.CANCELLED));
        tock.schedules().suspend("default", "wf-replace");
        release.countDown();
        List<WorkflowRun> runs = await(WAIT, "the runs to end", () -> tock.workflows().runs(query),
                rs -> rs.stream().allMatch(r -> r.state() != RunState.RUNNING));
        List<WorkflowRun> byStart = runs.stream().sorted(java.util.Comparator.comparing(WorkflowRun::createdAt)).toList();
        assertThat(byStart.subList(0, byStart.size() - 1)).as("every run but the last was replaced")
                .allSatisfy(r -> assertThat(r.state()).isEqualTo(RunState.CANCELLED));
        for (WorkflowRun r : byStart.subList(0, byStart.size() - 1)) {
            // The schedule's history limit deletes older cancelled starters; those kept read cancelled.
            tock.jobs().find(JobId.parse(r.id())).ifPresent(j -> assertThat(j.state()).as("starter of " + r.id()).isEqualTo(JobState.CANCELLED));
        }
    }

    /**
     * Runs started and finished by outcome are counted per namespace and workflow, and each step started by the end of
     * the step it needs records one hand-off (a first step none).
     */
    @Test
    void metersCountRunsByOutcomeAndStepHandOffs() {
        var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        CountDownLatch release = new CountDownLatch(1);
        Tock.Builder b = Tock.builder().config(TockConfig.builder().nodeId("wf-metered").workerThreads(4).build()).store(store)
                .meterRegistry(registry)
                .handler("m.ok", ctx -> { })
                .handler("m.bad", ctx -> {
                    throw new dev.tock.handler.PermanentFailure("no");
                })
                .handler("m.hold", ctx -> release.await());
        Tock tock = b.build();
        nodes.add(tock);
        tock.start();
        tock.workflows().save(workflow("chain", """
                {'steps': [{'name': 'a', 'type': 'm.ok'}, {'name': 'b', 'type': 'm.ok', 'needs': ['a']},
                  {'name': 'c', 'type': 'm.ok', 'needs': ['b']}]}
                """));
        tock.workflows().save(workflow("broken", "{'steps': [{'name': 'a', 'type': 'm.bad'}, {'name': 'b', 'type': 'm.ok', 'needs': ['a']}]}"));
        tock.workflows().save(workflow("held", "{'steps': [{'name': 'a', 'type': 'm.hold'}]}"));

        assertThat(ended(tock, tock.workflows().start("default", "chain", "{}").id()).state()).isEqualTo(RunState.SUCCEEDED);
        String broken = tock.workflows().start("default", "broken", "{}").id();
        assertThat(ended(tock, broken).state()).isEqualTo(RunState.FAILED);
        tock.workflows().retry("default", broken);
        assertThat(ended(tock, broken).state()).isEqualTo(RunState.FAILED);
        String held = tock.workflows().start("default", "held", "{}").id();
        assertThat(tock.workflows().activeRuns("default")).containsEntry("held", 1L).doesNotContainKey("chain");
        tock.workflows().cancel("default", held);
        release.countDown();

        assertThat(registry.get("tock.workflow.runs.started").tags("tock_namespace", "default", "workflow", "chain").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get("tock.workflow.runs.started").tags("workflow", "held").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("tock.workflow.runs.finished").tags("tock_namespace", "default", "workflow", "chain", "outcome", "succeeded")
                .counter().count()).isEqualTo(1.0);
        // A retried run ends again, and is counted as started again: started minus finished stays the runs running.
        assertThat(registry.get("tock.workflow.runs.started").tags("workflow", "broken").counter().count()).isEqualTo(2.0);
        assertThat(registry.get("tock.workflow.runs.finished").tags("workflow", "broken", "outcome", "failed").counter().count())
                .isEqualTo(2.0);
        assertThat(registry.get("tock.workflow.runs.finished").tags("workflow", "held", "outcome", "cancelled").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get("tock.workflow.step.handoff").timer().count()).as("hand-offs: a to b and b to c").isEqualTo(2);
        assertThat(tock.workflows().activeRuns("default")).isEmpty();
    }

    /**
     * Planning reads a fan-out step's item counts, not its items: maxParallel still holds, each item runs once, a step
     * that pipelines the items follows each one, and the fan-in lists every item in order. With failFast, one dead item
     * cancels the items still waiting (and the pipelined items after them) and the run fails with nothing left waiting.
     */
    @Test
    void fanOutsHoldMaxParallelFollowEachItemOnceAndCancelWhatWaitsWhenAnItemDies() {
        Map<String, AtomicInteger> runsPerItem = new ConcurrentHashMap<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        Tock tock = node(Map.of(
                "f.item", ctx -> {
                    int n = ctx.payloadAs(JsonNode.class).get("n").asInt();
                    runsPerItem.computeIfAbsent(ctx.job().labels().get("tock.workflow-run") + "/" + n, k -> new AtomicInteger()).incrementAndGet();
                    int now = running.incrementAndGet();
                    mostAtOnce.accumulateAndGet(now, Math::max);
                    try {
                        Thread.sleep(5);
                        if (n == ctx.payloadAs(JsonNode.class).get("bad").asInt()) {
                            throw new dev.tock.handler.PermanentFailure("item " + n + " is bad");
                        }
                    } finally {
                        running.decrementAndGet();
                    }
                    ctx.result("{\"n\":" + n + "}");
                },
                "f.pipe", ctx -> ctx.result("{\"twice\":" + 2 * ctx.payloadAs(JsonNode.class).get("n").asInt() + "}"),
                "f.sum", ctx -> ctx.result(ctx.payload())));
        StringBuilder items = new StringBuilder("[");
        for (int i = 0; i < 30; i++) {
            items.append(i == 0 ? "" : ",").append(i);
        }
        tock.workflows().save(workflow("fan", """
                {'steps': [
                  {'name': 'fan', 'type': 'f.item', 'payload': {'n': '{{item}}', 'bad': '{{inputs.bad}}'}, 'retry': {'maxAttempts': 1},
                   'forEach': {'items': '{{inputs.items}}', 'maxParallel': 3}},
                  {'name': 'pipe', 'type': 'f.pipe', 'payload': {'n': '{{item}}'}, 'forEach': {'sameAs': 'fan', 'maxParallel': 2}},
                  {'name': 'sum', 'type': 'f.sum', 'needs': ['pipe'], 'payload': {'all': '{{steps.pipe.output}}'}}]}
                """));

        WorkflowRun good = ended(tock, tock.workflows().start("default", "fan", "{\"items\":" + items + "],\"bad\":-1}").id());
        assertThat(good.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(mostAtOnce.get()).as("fan items running at once").isLessThanOrEqualTo(3);
        assertThat(runsPerItem).hasSize(30).allSatisfy((k, n) -> assertThat(n).as(k).hasValue(1));
        assertThat(good.instancesOf("pipe").stream().filter(i -> !i.isStepLevel())).hasSize(30)
                .allSatisfy(i -> assertThat(i.state()).isEqualTo(InstanceState.SUCCEEDED));
        JsonNode all = json(only(good, "sum").output().orElseThrow()).get("all");
        assertThat(all).hasSize(30);
        for (int i = 0; i < 30; i++) {
            assertThat(all.get(i).get("twice").asInt()).isEqualTo(2 * i);
        }

        WorkflowRun bad = ended(tock, tock.workflows().start("default", "fan", "{\"items\":" + items + "],\"bad\":4}").id());
        assertThat(bad.state()).isEqualTo(RunState.FAILED);
        List<StepInstance> fan = bad.instancesOf("fan").stream().filter(i -> !i.isStepLevel()).toList();
        assertThat(fan).hasSize(30).allSatisfy(i -> assertThat(i.state().isFinal()).as(i.itemKey() + " " + i.state()).isTrue());
        assertThat(fan).filteredOn(i -> i.state() == InstanceState.DEAD).extracting(StepInstance::itemKey).containsExactly("4");
        assertThat(fan).filteredOn(i -> i.state() == InstanceState.CANCELLED).as("items never started").isNotEmpty()
                .allSatisfy(i -> assertThat(i.jobId()).isEmpty());
        List<StepInstance> pipe = bad.instancesOf("pipe").stream().filter(i -> !i.isStepLevel()).toList();
        assertThat(pipe).allSatisfy(i -> assertThat(i.state().isFinal()).as(i.itemKey() + " " + i.state()).isTrue());
        assertThat(only(bad, "pipe").state().isFinal()).isTrue();
        assertThat(only(bad, "sum").state()).isEqualTo(InstanceState.CANCELLED);
    }
}
