package dev.tock.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tock.examples.support.Bounded;
import dev.tock.examples.support.ExampleCopy;
import dev.tock.examples.support.PostgresSchema;
import dev.tock.examples.support.Receiver;
import dev.tock.examples.support.TockClient;
import dev.tock.examples.support.TockNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/scan-pipeline/ applied as its README says, on two Tock nodes sharing a PostgreSQL schema, the five
 * CPTM8 services stood in for by one receiver on 127.0.0.1. Three targets of four hosts each are scanned. The
 * first node runs alone until every host's port scan is in flight (the receiver holds them); then a second node
 * starts and the first is SIGKILLed. What the pipeline needs: every target reaches its report; every
 * stage runs exactly once per target (discovery, report) or per host (ports, crawl, vulns) — a request the dead
 * node had sent may be sent again by the survivor, with the same {@code Tock-Job-Id}, which the service uses to
 * drop it; crawl only for hosts that serve the web; the registry token refresh every 8 hours.
 *
 * <p>Substitutions: the services' cluster addresses become the receiver's. The nodes take back a dead node's
 * work after 3 s instead of 30 s ({@code lease-duration}), a node setting, not the example's.
 */
class ScanPipelineExampleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NS = "/v1/namespaces/cptm8";
    private static final List<String> TARGETS = List.of("alpha.example", "beta.example", "gamma.example");
    private static final List<String> STAGES = List.of("asmm8", "naabum8", "katanam8", "num8", "reportingm8");

    @TempDir
    Path dir;

    private PostgresSchema schema;
    private Receiver services;
    private final List<TockNode> nodes = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (TockNode node : nodes) {
            node.close();
        }
        portScansHeld.countDown();
        if (services != null) {
            services.close();
        }
        if (schema != null) {
            schema.close();
        }
    }

    /** Holds port scans until the test releases them: the kill lands while they are in flight. */
    private final java.util.concurrent.CountDownLatch portScansHeld = new java.util.concurrent.CountDownLatch(1);

    /** What each service answers: four hosts per target, web on the odd ones, one finding per host. */
    private Receiver.Response answer(Receiver.Request request) throws Exception {
        JsonNode body = JSON.readTree(request.body());
        String service = request.path().split("/")[1];
        return switch (service) {
            case "asmm8" -> {
                int t = TARGETS.indexOf(body.get("target").asText()) + 1;
                yield ok("{\"hosts\": [" + java.util.stream.IntStream.rangeClosed(1, 4)
                        .mapToObj(h -> "{\"ip\": \"10.0." + t + "." + h + "\"}").collect(Collectors.joining(", ")) + "]}");
            }
            case "naabum8" -> {
                portScansHeld.await(60, java.util.concurrent.TimeUnit.SECONDS);
                boolean web = Integer.parseInt(body.get("ip").asText().substring(body.get("ip").asText().lastIndexOf('.') + 1)) % 2 == 1;
                yield ok(web ? "{\"open\": [22, 443], \"web\": true}" : "{\"open\": [22], \"web\": false}");
            }
            case "katanam8" -> ok("{\"pages\": [\"https://" + body.get("ip").asText() + "/login\"]}");
            case "num8" -> ok("{\"ip\": \"" + body.get("ip").asText() + "\", \"findings\": [\"CVE-2024-0001\"]}");
            case "reportingm8" -> ok("{\"report\": \"" + body.get("target").asText() + "\"}");
            default -> new Receiver.Response(404, "");
        };
    }

    private static Receiver.Response ok(String json) {
        return new Receiver.Response(200, json);
    }

    @Test
    void everyTargetReachesItsReportWithEachStageOnceWhenANodeIsKilledMidPipeline() throws Exception {
        services = new Receiver(this::answer);
        schema = PostgresSchema.create("tock_ex_scan");
        Map<String, String> substitutions = new TreeMap<>();
        for (String service : STAGES) {
            substitutions.put("http://" + service + ".cptm8-dev.svc.cluster.local:8000", services.url() + "/" + service);
        }
        ExampleCopy.of("scan-pipeline", dir, substitutions);
        Map<String, String> settings = Map.of("lease-duration", "3s", "heartbeat-interval", "1s");
        TockNode doomed = TockNode.start("scan-a", dir, schema, settings);
        nodes.add(doomed);
        TockClient first = new TockClient(doomed.url(), dir);
        first.cliOk("namespaces", "create", "cptm8");
        first.cliOk("secrets", "create", "aws-ecr-credentials", "-n", "cptm8",
                "--from-literal", "aws-access-key-id=AKIAEXAMPLE", "--from-literal", "aws-secret-access-key=example");
        TockClient.Run apply = first.cliOk("apply", "-f", "examples/scan-pipeline/");
        assertThat(apply.out().lines().toList()).as(apply.toString())
                .contains("workflow/cptm8/scan created", "schedule/cptm8/registry-token-refresh created");

        List<String> runIds = new ArrayList<>();
        for (String target : TARGETS) {
            runIds.add(first.post(NS + "/workflows/scan/runs", "{\"inputs\": {\"target\": \"" + target + "\"}}").get("id").asText());
        }
        Bounded.await(Duration.ofSeconds(60), "every host's port scan to be in flight on scan-a", () -> requests("naabum8").size() == 12,
                doomed::output);
        TockNode survivor = TockNode.start("scan-b", dir, schema, settings);
        nodes.add(survivor);
        TockClient tock = new TockClient(survivor.url(), dir);
        doomed.kill();
        portScansHeld.countDown();

        for (String runId : runIds) {
            JsonNode run = Bounded.awaitValue(Duration.ofSeconds(90), "run " + runId + " to end", () -> {
                JsonNode r = tock.get(NS + "/workflow-runs/" + runId);
                return r.get("state").asText().equals("running") ? Optional.empty() : Optional.of(r);
            }, () -> "\nservices: " + services.requests().size() + " requests" + survivor.output());
            assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("succeeded");
            String target = run.at("/inputs/target").asText();
            Map<String, List<JsonNode>> byStep = StreamSupport.stream(run.get("steps").spliterator(), false)
                    .collect(Collectors.groupingBy(s -> s.get("step").asText()));
            Set<String> hosts = Set.of(1, 2, 3, 4).stream().map(h -> "10.0." + (TARGETS.indexOf(target) + 1) + "." + h).collect(Collectors.toSet());
            assertThat(byStep.get("discovery")).hasSize(1);
            assertThat(byStep.get("report")).hasSize(1).allSatisfy(s -> assertThat(s.get("state").asText()).isEqualTo("succeeded"));
            for (String step : List.of("ports", "crawl", "vulns")) {
                assertThat(items(byStep.get(step))).as(step + ": one instance per host").extracting(s -> s.get("itemKey").asText())
                        .containsExactlyInAnyOrderElementsOf(hosts);
            }
            assertThat(items(byStep.get("crawl"))).as("crawl only where ports found the web")
                    .allSatisfy(s -> assertThat(s.get("state").asText()).isEqualTo(odd(s.get("itemKey").asText()) ? "succeeded" : "skipped"));
            assertThat(items(byStep.get("vulns"))).allSatisfy(s -> assertThat(s.get("state").asText()).isEqualTo("succeeded"));

            assertThat(jobsPerKey("asmm8", "target", target)).as("discovery of " + target).containsOnlyKeys(target)
                    .allSatisfy((k, jobs) -> assertThat(jobs).hasSize(1));
            assertThat(jobsPerKey("reportingm8", "target", target)).as("report of " + target).containsOnlyKeys(target)
                    .allSatisfy((k, jobs) -> assertThat(jobs).hasSize(1));
            JsonNode findings = JSON.readTree(requests("reportingm8").stream().filter(r -> r.body().contains(target)).findFirst()
                    .orElseThrow().body()).get("findings");
            assertThat(findings).as("the report gets every host's findings").hasSize(4);
        }
        for (String service : List.of("naabum8", "katanam8", "num8")) {
            Map<String, Set<String>> perHost = jobsPerKey(service, "ip", null);
            assertThat(perHost).as(service + ": each host scanned by one job").hasSize(service.equals("katanam8") ? 6 : 12)
                    .allSatisfy((host, jobs) -> assertThat(jobs).as(host).hasSize(1));
        }
        assertThat(requests("naabum8")).as("the survivor sent again the port scans the killed node had in flight").hasSize(24);

        JsonNode refresh = tock.get(NS + "/schedules/registry-token-refresh");
        assertThat(refresh.get("schedule").asText()).isEqualTo("0 */8 * * *");
        assertThat(refresh.at("/jobTemplate/executor/env/AWS_SECRET_ACCESS_KEY/valueFrom/secretKeyRef/name").asText())
                .isEqualTo("aws-ecr-credentials");
        assertThat(tock.cliOk("schedules", "preview", "registry-token-refresh", "-n", "cptm8", "--count", "3").out())
                .containsPattern("T(00|08|16):00:00Z");
    }

    /** A fan-out step's item instances, without the one that stands for the whole step (the empty key). */
    private static List<JsonNode> items(List<JsonNode> instances) {
        return instances.stream().filter(s -> !s.get("itemKey").asText().isEmpty()).toList();
    }

    private static boolean odd(String ip) {
        return Integer.parseInt(ip.substring(ip.lastIndexOf('.') + 1)) % 2 == 1;
    }

    private List<Receiver.Request> requests(String service) {
        return services.requests().stream().filter(r -> r.path().startsWith("/" + service + "/")).toList();
    }

    /** For one service: the distinct Tock-Job-Id headers per value of the body's {@code field} (only {@code only}, when given). */
    private Map<String, Set<String>> jobsPerKey(String service, String field, String only) {
        Map<String, Set<String>> result = new TreeMap<>();
        for (Receiver.Request r : requests(service)) {
            try {
                String key = JSON.readTree(r.body()).get(field).asText();
                if (only == null || only.equals(key)) {
                    result.computeIfAbsent(key, k -> new java.util.TreeSet<>()).add(r.header("Tock-Job-Id"));
                }
            } catch (java.io.IOException e) {
                throw new AssertionError(r.body(), e);
            }
        }
        return result;
    }
}
