package dev.tock.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tock.TockException;
import dev.tock.config.TockConfig;
import dev.tock.engine.Tock;
import dev.tock.http.TockServer;
import dev.tock.model.JobQuery;
import dev.tock.model.JobState;
import dev.tock.model.JobTemplate;
import dev.tock.model.NewJob;
import dev.tock.model.RetryPolicy;
import dev.tock.schedule.Schedule;
import dev.tock.security.ApiToken;
import dev.tock.security.Role;
import dev.tock.security.TokenSecrets;
import dev.tock.store.Store;
import dev.tock.workflow.WorkflowJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every REST call the dashboard's pages make (tock-server's {@code dev/tock/ui/pages/*.js}), timed on a
 * {@code tock server} started in this process over a full store (issue 21: each under 200 ms). The calls
 * name real ids of the store: a finished and a future job, a schedule, a workflow and one of its runs,
 * which {@link #seed} makes through the engine first, with a few dead jobs for the overview's failures.
 */
final class DashboardCalls {
    /** The target of issue 21 for every dashboard call. */
    static final double TARGET_MS = 200;
    private static final String NS = "default";
    private static final String NOOP = "bench.dashboard-noop";
    private static final String FAIL = "bench.dashboard-fail";
    private static final String SCHEDULE = "bench-dashboard-hourly";
    private static final String WORKFLOW = "bench-dashboard-flow";
    private static final int DEAD_JOBS = 20;
    private static final int WORKFLOW_RUNS = 3;
    private static final Duration SEED_LIMIT = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One call of a dashboard page: the page, the path with its query, and its {@code repeats} timings. */
    record Timing(String page, String path, List<Integer> statuses, double[] millis) {
        double median() {
            return Results.median(millis);
        }

        double max() {
            return Arrays.stream(millis).max().orElse(Double.NaN);
        }

        boolean allOk() {
            return statuses.stream().allMatch(s -> s == 200);
        }
    }

    private DashboardCalls() {
    }

    /** Seeds the few resources the pages show, starts a server over {@code store}, and times every call {@code repeats} times. */
    static List<Timing> measure(Store store, int repeats, PrintWriter out) {
        out.println("timing the dashboard's REST calls...");
        out.flush();
        AtomicInteger handled = new AtomicInteger();
        TockConfig config = TockConfig.builder().nodeId("bench-dashboard").workerThreads(4).set("rate-limit", "0").build();
        try (Tock tock = Tock.builder().config(config).store(store)
                .handler(NOOP, ctx -> handled.incrementAndGet())
                .handler(FAIL, ctx -> {
                    handled.incrementAndGet();
                    throw new IllegalStateException("fails on purpose, for the dashboard's failures");
                }).build()) {
            tock.start();
            String runId = seed(tock, handled);
            // What a node's maintenance does within its first minute (and autovacuum, where it is on): the tables are
            // vacuumed and analyzed as the prefill left them, so that the calls meet the plans a running store has.
            store.maintain();
            String secret = adminToken(store);
            try (TockServer server = TockServer.builder(tock).host("127.0.0.1").port(0).build().start()) {
                Client client = new Client(server.port(), secret);
                List<Timing> timings = new ArrayList<>();
                for (Call call : calls(store, client, runId)) {
                    timings.add(time(client, call, repeats));
                }
                return timings;
            }
        }
    }

    /** One call: the dashboard page that makes it and the path under {@code /v1} (or {@code /ui}) with its query. */
    private record Call(String page, String path) {
    }

    /** The calls of every page, with ids read from the store (and the jobs page's second page from its first). */
    private static List<Call> calls(Store store, Client client, String runId) {
        String ns = "/v1/namespaces/" + NS;
        String finished = firstJob(store, JobState.SUCCEEDED);
        String future = firstJob(store, JobState.SCHEDULED);
        String nextCursor = client.get(ns + "/jobs?limit=25").path("nextCursor").asText("");
        String hourAgo = Instant.now().minus(Duration.ofHours(1)).toString();
        List<Call> calls = new ArrayList<>(List.of(
                new Call("every page", "/v1/namespaces"),
                new Call("every page", "/ui/session"),
                new Call("overview", ns + "/throughput?window=1h&bucket=1m"),
                new Call("overview, queues", ns + "/queues"),
                new Call("overview", ns + "/jobs?state=running&limit=10"),
                new Call("overview", ns + "/next-fires?limit=8"),
                new Call("overview", ns + "/failures?limit=10"),
                new Call("jobs", ns + "/jobs?limit=25")));
        if (!nextCursor.isEmpty()) {
            calls.add(new Call("jobs, older page", ns + "/jobs?limit=25&cursor=" + encode(nextCursor)));
        }
        for (JobState state : JobState.values()) {
            calls.add(new Call("jobs, state filter", ns + "/jobs?state=" + state.name().toLowerCase(Locale.ROOT) + "&limit=25"));
        }
        calls.addAll(List.of(
                new Call("jobs of a queue", ns + "/jobs?queue=default&limit=25"),
                new Call("jobs, type filter", ns + "/jobs?type=" + encode(NOOP) + "&limit=25"),
                new Call("jobs, label filter", ns + "/jobs?label=" + encode("team=none") + "&limit=25"),
                new Call("jobs, created filter", ns + "/jobs?createdFrom=" + encode(hourAgo) + "&limit=25"),
                new Call("jobs, key search", ns + "/jobs?idempotencyKey=no-such-key&limit=25"),
                new Call("job (finished)", ns + "/jobs/" + finished),
                new Call("job (finished)", ns + "/jobs/" + finished + "/attempts"),
                new Call("job (future)", ns + "/jobs/" + future),
                new Call("job (future)", ns + "/jobs/" + future + "/attempts"),
                new Call("schedules", ns + "/schedules"),
                new Call("schedule", ns + "/schedules/" + SCHEDULE),
                new Call("schedule", ns + "/schedules/" + SCHEDULE + "/preview?count=5"),
                new Call("schedule", ns + "/schedules/" + SCHEDULE + "/runs?limit=20"),
                new Call("workflows", ns + "/workflows"),
                new Call("workflows", ns + "/workflows/" + WORKFLOW + "/runs?limit=1"),
                new Call("workflows", ns + "/workflows/" + WORKFLOW + "/runs?state=running&limit=500"),
                new Call("workflows", ns + "/workflow-runs?limit=50"),
                new Call("workflows, state filter", ns + "/workflow-runs?state=running&limit=50"),
                new Call("workflow run", ns + "/workflow-runs/" + runId),
                new Call("alerts", ns + "/alert-rules"),
                new Call("alerts", ns + "/alerts?limit=200"),
                new Call("alerts", ns + "/alerts?state=firing&limit=200"),
                new Call("alerts", ns + "/alerts?limit=50"),
                new Call("alerts", ns + "/alert-silences"),
                new Call("cluster", "/v1/cluster"),
                new Call("secrets", ns + "/secrets")));
        return calls;
    }

    private static Timing time(Client client, Call call, int repeats) {
        List<Integer> statuses = new ArrayList<>();
        double[] millis = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            statuses.add(client.status(call.path()));
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return new Timing(call.page(), call.path(), statuses, millis);
    }

    /**
     * What the pages show besides the prefilled jobs: an hourly schedule, a one-step workflow with a few
     * finished runs, and jobs that died; returns a run's id. Waits (bounded) until the runs and jobs ended.
     */
    private static String seed(Tock tock, AtomicInteger handled) {
        tock.schedules().save(Schedule.of(NS, SCHEDULE, "0 * * * *", JobTemplate.of(NOOP)));
        tock.workflows().save(WorkflowJson.read(NS, WORKFLOW, "{\"steps\":[{\"name\":\"only\",\"type\":\"" + NOOP + "\"}]}"));
        String runId = null;
        for (int i = 0; i < WORKFLOW_RUNS; i++) {
            runId = tock.workflows().start(NS, WORKFLOW, "{}").id();
        }
        List<NewJob> dead = new ArrayList<>();
        for (int i = 0; i < DEAD_JOBS; i++) {
            dead.add(NewJob.builder(FAIL).payload("{}").retry(RetryPolicy.maxAttempts(1)).build());
        }
        tock.jobs().enqueueAll(dead);
        int expected = WORKFLOW_RUNS + DEAD_JOBS;
        long deadline = System.nanoTime() + SEED_LIMIT.toNanos();
        while (handled.get() < expected || isRunning(tock, runId)) {
            if (System.nanoTime() > deadline) {
                throw new TockException("the dashboard's seed jobs did not finish within " + SEED_LIMIT + ": " + handled.get() + "/" + expected);
            }
            Waits.sleep(java.time.Duration.ofMillis(20));
        }
        return runId;
    }

    private static boolean isRunning(Tock tock, String runId) {
        return tock.workflows().run(NS, runId).map(r -> r.state() == dev.tock.workflow.RunState.RUNNING).orElse(true);
    }

    private static String firstJob(Store store, JobState state) {
        return store.jobs().list(JobQuery.builder(NS).state(state).limit(1).build()).jobs().stream().findFirst()
                .map(j -> j.id().toString()).orElseThrow(() -> new TockException("no " + state + " job in the store to show"));
    }

    /** A new admin token of every namespace, made in the store as {@code tock token create} would; returns its secret. */
    private static String adminToken(Store store) {
        String secret = TokenSecrets.newSecret();
        String name = "bench-dashboard-" + UUID.randomUUID().toString().substring(0, 8);
        store.security().createToken(new ApiToken(TokenSecrets.newId(), name, Role.ADMIN, Set.of(ApiToken.ALL), Set.of(), store.now(), "bench",
                Optional.empty(), Optional.empty()), TokenSecrets.hash(secret));
        return secret;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Prints one line per call, the slowest call, and which calls missed {@value #TARGET_MS} ms. */
    static void print(PrintWriter out, List<Timing> timings, int repeats) {
        out.printf(Locale.ROOT, "%nDashboard REST calls on this store (%d calls each, one client, keep-alive; ms):%n", repeats);
        out.println("| page | call | median ms | max ms | HTTP | |");
        out.println("|---|---|---|---|---|---|");
        for (Timing t : timings) {
            Map<Integer, Long> statuses = new LinkedHashMap<>();
            t.statuses().forEach(s -> statuses.merge(s, 1L, Long::sum));
            String flag = t.median() > TARGET_MS ? "**over " + (int) TARGET_MS + " ms**" : t.max() > TARGET_MS ? "max over " + (int) TARGET_MS + " ms" : "";
            out.printf(Locale.ROOT, "| %s | GET %s | %.1f | %.1f | %s | %s |%n", t.page(), t.path(), t.median(), t.max(),
                    statuses.size() == 1 ? statuses.keySet().iterator().next() : statuses.toString(), flag);
        }
        timings.stream().max(java.util.Comparator.comparingDouble(Timing::median)).ifPresent(t -> out.printf(Locale.ROOT,
                "Slowest call (median): GET %s, %.1f ms (max %.1f ms)%n", t.path(), t.median(), t.max()));
        long over = timings.stream().filter(t -> t.median() > TARGET_MS).count();
        out.printf(Locale.ROOT, "%d of %d calls over %.0f ms (median); %d with a max over it%n", over, timings.size(), TARGET_MS,
                timings.stream().filter(t -> t.max() > TARGET_MS).count());
    }

    /** Keep-alive HTTP/1.1 to the server on 127.0.0.1 with an admin token, as the dashboard's fetch calls. */
    private static final class Client {
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final String base;
        private final String authorization;

        Client(int port, String secret) {
            this.base = "http://127.0.0.1:" + port;
            this.authorization = "Bearer " + secret;
        }

        int status(String path) {
            return send(path).statusCode();
        }

        JsonNode get(String path) {
            HttpResponse<String> response = send(path);
            if (response.statusCode() != 200) {
                throw new TockException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new TockException("GET " + path + " answered no JSON: " + e.getMessage(), e);
            }
        }

        /** Sends the request and reads the whole body, as the dashboard does before it draws. */
        private HttpResponse<String> send(String path) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(2))
                    .header("Accept", "application/json").header("X-Tock-Client", "dashboard")
                    .header("Authorization", authorization).GET().build();
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new TockException("GET " + path + " failed: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TockException("interrupted", e);
            }
        }
    }
}
