package dev.tock.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.examples.support.Bounded;
import dev.tock.examples.support.ExampleCopy;
import dev.tock.examples.support.ExampleProcess;
import dev.tock.examples.support.PostgresSchema;
import dev.tock.examples.support.TockClient;
import dev.tock.examples.support.TockNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/job-queue end to end on PostgreSQL: the folder's YAML applied with {@code tock apply} to a node run
 * from tock.jar, tenants' jobs enqueued over the REST API as the service's API did, and run by the example's
 * two workers as a user starts them — python-worker/worker.py on /usr/bin/python3 and
 * java-worker/TenantWorker.java on the worker SDK in tock.jar — leasing in batches from both queues. Checked
 * from Tock's attempt records: per-tenant caps, priorities, idempotency keys, both workers, dead-letter and
 * retry, and SIGTERM draining each worker.
 */
class JobQueueExampleTest {
    private static final String NS = "/v1/namespaces/jobqueue";
    private static final Map<String, Integer> CAPS = Map.of("acme", 2, "globex", 3, "initech", 2);
    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    Path root;

    @Test
    void tenantsJobsRunWithinTheirCapsInPriorityOrderOnJavaAndPythonWorkersAndDrainOnSigterm() throws Exception {
        try (PostgresSchema schema = PostgresSchema.create("ex_jobqueue")) {
            ExampleCopy example = ExampleCopy.of("job-queue", root, Map.of());
            try (TockNode node = TockNode.start("jq-1", root, schema, Map.of())) {
                TockClient tock = new TockClient(node.url(), root);
                tock.cliOk("apply", "-f", example.relative(""));
                // What `tock tokens create jobqueue-worker --role worker --scope jobqueue --queue tenant-jobs,maintenance`
                // posts (over REST here: one JVM start less).
                String workerToken = tock.post("/v1/tokens", """
                        {"name": "jobqueue-worker", "role": "worker", "namespaces": ["jobqueue"], "queues": ["tenant-jobs", "maintenance"]}""")
                        .path("secret").asText();
                assertThat(workerToken).isNotBlank();
                tock.post(NS + "/queues/tenant-jobs/pause", "{}");   // everything is due before a worker leases
                Map<String, String> env = Map.of("TOCK_SERVER", node.url(), "TOCK_TOKEN", workerToken, "TOCK_NAMESPACE", "jobqueue");
                try (ExampleProcess python = python(example, env); ExampleProcess java = java(example, env)) {
                    Map<String, String> jobs = new LinkedHashMap<>();   // idempotency key -> id
                    List<String> urgent = new ArrayList<>();
                    for (int i = 0; i < 8; i++) {
                        jobs.put("acme-" + i, enqueue("tenant.report", "acme", i, 0, 300, tock));
                    }
                    for (int i = 0; i < 9; i++) {
                        jobs.put("globex-" + i, enqueue("tenant.report", "globex", i, 0, 300, tock));
                    }
                    for (int i = 0; i < 6; i++) {
                        jobs.put("initech-" + i, enqueue("tenant.export", "initech", i, 0, 300, tock));
                    }
                    for (int i = 8; i < 10; i++) {   // enqueued last, run first within acme
                        urgent.add(enqueue("tenant.report", "acme", i, 10, 300, tock));
                        jobs.put("acme-" + i, urgent.getLast());
                    }
                    // Idempotency: a repeat of a key (a client retrying its POST) returns the first job, stores none.
                    assertThat(enqueue("tenant.report", "acme", 0, 0, 300, tock)).isEqualTo(jobs.get("acme-0"));
                    assertThat(enqueue("tenant.report", "globex", 3, 0, 300, tock)).isEqualTo(jobs.get("globex-3"));
                    List<String> vacuums = List.of(vacuum(tock), vacuum(tock));
                    String poison = id(tock.post(NS + "/jobs", """
                            {"type": "tenant.report", "queue": "tenant-jobs", "concurrencyKey": "{{payload.tenant}}",
                             "payload": {"tenant": "initech", "failAttempts": 3, "millis": 50},
                             "retry": {"maxAttempts": 3, "initialBackoff": "100ms", "maxBackoff": "200ms"}}"""));

                    Bounded.await(Duration.ofSeconds(60), "both workers to lease", () -> {
                        String cluster = tock.get("/v1/cluster").toString();
                        return cluster.contains("\"py-1\"") && cluster.contains("\"java-1\"");
                    }, () -> python.output() + java.output());
                    tock.post(NS + "/queues/tenant-jobs/resume", "{}");

                    List<String> all = new ArrayList<>(jobs.values());
                    all.addAll(vacuums);
                    awaitStates(tock, all, "succeeded");
                    awaitStates(tock, List.of(poison), "dead");
                    assertThat(tock.get(NS + "/jobs?queue=tenant-jobs&limit=500").path("jobs").size()).as("jobs stored: no repeat of a key")
                            .isEqualTo(jobs.size() + 1);

                    Map<String, List<Interval>> byTenant = new LinkedHashMap<>();
                    Set<String> workers = new HashSet<>();
                    jobs.forEach((key, id) -> {
                        JsonNode attempts = attempts(tock, id);
                        assertThat(attempts.size()).as("attempts of " + key).isEqualTo(1);
                        JsonNode a = attempts.get(0);
                        workers.add(a.path("node").asText());
                        byTenant.computeIfAbsent(key.substring(0, key.indexOf('-')), t -> new ArrayList<>())
                                .add(new Interval(id, Instant.parse(a.path("startedAt").asText()), Instant.parse(a.path("endedAt").asText())));
                    });
                    Map<String, Integer> peaks = new LinkedHashMap<>();
                    byTenant.forEach((tenant, intervals) -> peaks.put(tenant, peak(intervals)));
                    peaks.forEach((tenant, peak) -> assertThat(peak).as("most jobs of " + tenant + " running at once").isLessThanOrEqualTo(CAPS.get(tenant)));
                    assertThat(peaks.entrySet()).as("some tenant reached its cap (the cap, not a lack of work, held it): " + peaks)
                            .anyMatch(e -> e.getValue().equals(CAPS.get(e.getKey())));
                    assertThat(workers).as("both the Java and the Python worker ran jobs").containsExactlyInAnyOrder("py-1", "java-1");

                    Instant lastUrgent = byTenant.get("acme").stream().filter(i -> urgent.contains(i.id())).map(Interval::start)
                            .max(Instant::compareTo).orElseThrow();
                    assertThat(byTenant.get("acme").stream().filter(i -> !urgent.contains(i.id())))
                            .as("acme's priority-10 jobs started before any of its priority-0 jobs").allMatch(i -> !i.start().isBefore(lastUrgent));

                    // Dead-letter: three failed attempts, then dead; a retry from there runs it again, and it succeeds.
                    JsonNode dead = tock.get(NS + "/jobs/" + poison);
                    assertThat(dead.path("attempts").asInt()).isEqualTo(3);
                    assertThat(dead.path("lastError").asText()).contains("upstream for tenant initech unavailable");
                    tock.post(NS + "/jobs/" + poison + "/retry", "{}");
                    awaitStates(tock, List.of(poison), "succeeded");
                    assertThat(attempts(tock, poison).size()).isEqualTo(4);

                    drainsOnSigterm(tock, java, "java-1", 8, Set.of(0, 143), false);
                    drainsOnSigterm(tock, python, "py-1", 4, Set.of(0), true);
                }
            }
        }
    }

    /**
     * Gives the worker long jobs, sends it SIGTERM once it runs some, enqueues more, and checks that it finished
     * and reported what it ran (one attempt each, by it) and leased nothing after the signal.
     */
    private void drainsOnSigterm(TockClient tock, ExampleProcess worker, String name, int count, Set<Integer> exits, boolean last)
            throws Exception {
        List<String> long_ = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long_.add(enqueue("tenant.export", "drain-" + name + "-" + i, i, 0, 2500, tock));
        }
        List<String> running = Bounded.awaitValue(WAIT, name + " to run some of the long jobs", () -> {
            List<String> mine = long_.stream().filter(id -> {
                JsonNode job = tock.get(NS + "/jobs/" + id);
                return job.path("state").asText().equals("running") && job.path("leaseOwner").asText().equals(name);
            }).toList();
            return mine.isEmpty() ? Optional.<List<String>>empty() : Optional.of(mine);
        }, worker::output);
        worker.terminate();
        // A worker that stops says so (release with "stopping"): it leaves the cluster's list and its long poll ends.
        Bounded.await(WAIT, name + " to say it stops", () -> !tock.get("/v1/cluster").toString().contains("\"" + name + "\""),
                worker::output);
        List<String> after = List.of(enqueue("tenant.export", "late-" + name, 0, 0, 100, tock),
                enqueue("tenant.export", "late-" + name, 1, 0, 100, tock));
        int exit = worker.awaitExit(WAIT);
        assertThat(exit).as(name + " exit code after SIGTERM (a JVM that ran its hooks says 143)" + worker.output())
                .isIn(exits);
        for (String id : running) {
            JsonNode job = tock.get(NS + "/jobs/" + id);
            assertThat(job.path("state").asText()).as("in-flight job " + id + " of " + name + worker.output()).isEqualTo("succeeded");
            JsonNode attempts = attempts(tock, id);
            assertThat(attempts.size()).as("one attempt: finished, not released or expired").isEqualTo(1);
            assertThat(attempts.get(0).path("node").asText()).isEqualTo(name);
            assertThat(attempts.get(0).path("outcome").asText()).isEqualTo("succeeded");
        }
        for (String id : after) {
            for (JsonNode attempt : attempts(tock, id)) {
                assertThat(attempt.path("node").asText()).as("no lease after SIGTERM").isNotEqualTo(name);
            }
        }
        if (last) {   // no worker left: what came after the signal waits for the next one
            for (String id : after) {
                assertThat(tock.get(NS + "/jobs/" + id).path("state").asText()).isEqualTo("ready");
            }
        }
    }

    private record Interval(String id, Instant start, Instant end) {
    }

    /** The most intervals open at one instant; one that ends when another starts does not overlap it. */
    static int peak(List<Interval> intervals) {
        List<long[]> events = new ArrayList<>();
        for (Interval i : intervals) {
            events.add(new long[] {micros(i.start()), 1});
            events.add(new long[] {micros(i.end()), -1});
        }
        events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int open = 0;
        int peak = 0;
        for (long[] e : events) {
            open += (int) e[1];
            peak = Math.max(peak, open);
        }
        return peak;
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
    }

    private static String enqueue(String type, String tenant, int n, int priority, int millis, TockClient tock) {
        return id(tock.post(NS + "/jobs", """
                {"type": "%s", "queue": "tenant-jobs", "priority": %d, "idempotencyKey": "%s-%s-%d",
                 "concurrencyKey": "{{payload.tenant}}", "payload": {"tenant": "%s", "n": %d, "millis": %d}}"""
                .formatted(type, priority, type, tenant, n, tenant, n, millis)));
    }

    private static String vacuum(TockClient tock) {
        return id(tock.post(NS + "/jobs", "{\"type\": \"maintenance.vacuum\", \"queue\": \"maintenance\", \"payload\": {\"millis\": 100}}"));
    }

    private static String id(JsonNode job) {
        return job.path("id").asText();
    }

    private static JsonNode attempts(TockClient tock, String id) {
        return tock.get(NS + "/jobs/" + id + "/attempts").path("attempts");
    }

    private static void awaitStates(TockClient tock, List<String> ids, String state) {
        Bounded.await(WAIT, ids.size() + " jobs to be " + state, () -> ids.stream()
                .allMatch(id -> tock.get(NS + "/jobs/" + id).path("state").asText().equals(state)),
                () -> "\n" + ids.stream().map(id -> id + " " + tock.get(NS + "/jobs/" + id).path("state").asText()).toList());
    }

    private static ExampleProcess python(ExampleCopy example, Map<String, String> env) throws Exception {
        Map<String, String> all = new LinkedHashMap<>(env);
        all.put("WORKER_NAME", "py-1");
        return ExampleProcess.start("python worker", example.root(), List.of("/usr/bin/python3", example.relative("python-worker/worker.py")), all);
    }

    private static ExampleProcess java(ExampleCopy example, Map<String, String> env) throws Exception {
        Map<String, String> all = new LinkedHashMap<>(env);
        all.put("WORKER_NAME", "java-1");
        return ExampleProcess.start("java worker", example.root(), List.of(ExampleProcess.java(), "-Xmx128m", "-cp",
                ExampleProcess.tockJar().toString(), example.relative("java-worker/TenantWorker.java")), all);
    }
}
