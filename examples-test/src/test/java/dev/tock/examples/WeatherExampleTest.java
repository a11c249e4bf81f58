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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/weather/ applied as its README says, on a Tock node on PostgreSQL, its commands run by the node with
 * python3. What the weather system needs: the collector and the detector run on their schedule and never
 * two collectors at once (Forbid, also for a manual trigger); a collector run held by a slow upstream makes the
 * next fire skipped, which raises exactly one alert to the on-call webhook, resolved once the collector runs
 * again; the history keeps 3 succeeded runs; seed runs only after migrate succeeded, never after a failed one.
 *
 * <p>Substitutions: the schedules fire every 5 seconds instead of every 5 minutes (the same spec with a seconds
 * field), the alert grace is 0 s instead of 10 minutes, and the weather API and the alert webhook are
 * receivers on 127.0.0.1.
 */
class WeatherExampleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NS = "/v1/namespaces/weather";

    @TempDir
    Path dir;

    private final AtomicReference<CountDownLatch> upstreamHold = new AtomicReference<>(new CountDownLatch(0));
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger heldRequests = new AtomicInteger();
    private Receiver weatherApi;
    private Receiver alertWebhook;
    private PostgresSchema schema;
    private TockNode node;
    private ExampleCopy example;
    private TockClient tock;

    @BeforeEach
    void startReceivers() throws Exception {
        weatherApi = new Receiver(request -> {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                CountDownLatch hold = upstreamHold.get();
                if (hold.getCount() > 0) {
                    heldRequests.incrementAndGet();
                    hold.await(60, TimeUnit.SECONDS);
                }
                return new Receiver.Response(200, "{\"current\": {\"time\": \"" + Instant.now() + "\", "
                        + "\"temperature_2m\": 14.5, \"wind_speed_10m\": 11.2}}");
            } finally {
                inFlight.decrementAndGet();
            }
        });
        alertWebhook = new Receiver(request -> new Receiver.Response(204, ""));
        schema = PostgresSchema.create("tock_ex_weather");
    }

    @AfterEach
    void stop() throws Exception {
        upstreamHold.get().countDown();
        if (node != null) {
            node.close();
        }
        schema.close();
        weatherApi.close();
        alertWebhook.close();
    }

    private void startAndApply(String... extraFiles) throws Exception {
        example = ExampleCopy.of("weather", dir, Map.of(
                "\"*/5 * * * *\"", "\"*/5 * * * * *\"",
                "grace: 10m", "grace: 0s",
                "https://api.open-meteo.com/v1/forecast", weatherApi.url() + "/v1/forecast",
                "http://127.0.0.1:9099/alerts", alertWebhook.url() + "/alerts"));
        for (String extra : extraFiles) {
            Files.writeString(example.folder().resolve(extra), "CREATE TABLE humidity (location_id INTEGER, value REAL;\n");
        }
        node = TockNode.start("weather-1", dir, schema, Map.of());
        tock = new TockClient(node.url(), dir);
        TockClient.Run apply = tock.cliOk("apply", "-f", "examples/weather/");
        assertThat(apply.out().lines().toList()).as(apply.toString()).contains("namespace/weather created",
                "schedule/weather/collector created", "schedule/weather/detector created", "workflow/weather/weather-setup created",
                "alertchannel/weather/weather-oncall created", "alertrule/weather/collector-down created",
                "job/weather/initial-setup created");
    }

    @Test
    void collectorAndDetectorRunWithoutOverlapAndOneSkippedRunRaisesExactlyOneAlert() throws Exception {
        startAndApply();
        JsonNode setup = awaitRunEnded(initialSetupRun());
        assertThat(setup.get("state").asText()).as(setup.toString()).isEqualTo("succeeded");
        assertThat(tock.cliOk("apply", "-f", "examples/weather/").out()).as("re-applying runs no second setup")
                .contains("job/weather/initial-setup unchanged");

        awaitFired("collector", 2);
        awaitFired("detector", 2);
        // Fires before the setup ended found no locations yet; a later one fetches them all.
        Bounded.await(Duration.ofSeconds(30), "a collector run after the seed", () -> seededLocationsRequested() >= 5, this::context);
        assertThat(seededLocationsRequested()).as("the collector fetched every seeded location").isEqualTo(5);
        Bounded.await(Duration.ofSeconds(30), "no collector alert firing before the upstream is held",
                () -> tock.get(NS + "/alerts?state=firing").get("alerts").isEmpty(), this::context);

        Instant holdFrom = Instant.now();
        upstreamHold.set(new CountDownLatch(1));
        Bounded.await(Duration.ofSeconds(30), "a collector run to be held by the upstream", () -> heldRequests.get() > 0, this::context);
        Bounded.await(Duration.ofSeconds(30), "a fire skipped by Forbid while the held run runs",
                () -> !skippedBetween(holdFrom, Instant.now()).isEmpty(), this::context);
        TockClient.Run manual = tock.cli("schedules", "trigger", "collector", "-n", "weather");
        assertThat(manual.exit()).as("a manual trigger keeps the Forbid policy: " + manual).isEqualTo(1);
        assertThat(manual.err()).contains("its overlap policy forbid skips a run while an earlier one is active");
        Bounded.sleep(Duration.ofSeconds(6)); // at least one more nominal time passes while the run is held
        Instant released = Instant.now();
        upstreamHold.get().countDown();

        List<String> skipped = skippedBetween(holdFrom, released);
        assertThat(skipped).as("skipped while held").isNotEmpty();
        Bounded.await(Duration.ofSeconds(40), "the collector alert to fire and resolve", () -> alertsSent().stream()
                .anyMatch(a -> a.get("transition").asText().equals("resolved") && skipped.contains(a.at("/alert/occurrence").asText())),
                this::context);
        List<JsonNode> firing = alertsSent().stream().filter(a -> a.get("transition").asText().equals("firing")).toList();
        assertThat(firing.stream().filter(a -> skipped.contains(a.at("/alert/occurrence").asText())))
                .as("the held run skipped " + skipped.size() + " fire(s) and a manual trigger: one alert").singleElement()
                .satisfies(a -> {
                    assertThat(a.at("/alert/rule").asText()).isEqualTo("collector-down");
                    assertThat(a.at("/alert/condition").asText()).isEqualTo("missed");
                    assertThat(a.at("/alert/subject").asText()).isEqualTo("schedule/collector");
                });
        List<String> notFired = runs("collector").stream().filter(r -> !r.get("outcome").asText().equals("fired"))
                .map(r -> r.get("nominalTime").asText()).toList();
        assertThat(firing).as("every alert is about a nominal time that did not run (a slow machine may skip more)")
                .allSatisfy(a -> assertThat(notFired).contains(a.at("/alert/occurrence").asText()));
        assertThat(maxInFlight.get()).as("never two collectors fetching at once").isEqualTo(1);

        // A manual detector run; one that meets a scheduled run is skipped by forbid (exit 1), and is tried again.
        TockClient.Run detector = Bounded.awaitValue(Duration.ofSeconds(60), "a manual run of the detector", () -> {
            TockClient.Run trigger = tock.cli("schedules", "trigger", "detector", "-n", "weather");
            assertThat(trigger.exit()).as(trigger.toString()).isIn(0, 1);
            return trigger.exit() == 0 ? Optional.of(trigger) : Optional.empty();
        }, this::context);
        assertThat(detector.out()).contains("fired");
        awaitFired("collector", 5);
        // History is trimmed as the schedule fires: of the runs before the latest fire, 3 succeeded ones are kept.
        Instant latestFire = runs("collector").stream().filter(r -> r.get("outcome").asText().equals("fired"))
                .map(r -> Instant.parse(r.get("nominalTime").asText())).max(Instant::compareTo).orElseThrow();
        List<JsonNode> kept = new ArrayList<>();
        tock.get(NS + "/jobs?schedule=collector&state=succeeded&limit=100").get("jobs").forEach(kept::add);
        assertThat(kept.stream().filter(j -> Instant.parse(j.get("nominalTime").asText()).isBefore(latestFire)))
                .as("successfulJobsHistoryLimit: 3, of " + runs("collector").size() + " fire records").hasSize(3);
    }

    @Test
    void seedRunsOnlyAfterMigrateSucceededAndNeverAfterAFailedMigrate() throws Exception {
        startAndApply("migrations/003_humidity.sql");
        JsonNode failed = awaitRunEnded(initialSetupRun());
        assertThat(failed.get("state").asText()).as(failed.toString()).isEqualTo("failed");
        JsonNode migrate = step(failed, "migrate");
        assertThat(migrate.get("state").asText()).isEqualTo("dead");
        assertThat(attempts(migrate)).as("the migration retried: maxAttempts 3").hasSize(3)
                .allSatisfy(a -> assertThat(a.get("error").asText()).contains("migration 003_humidity.sql failed"));
        assertThat(step(failed, "seed").get("state").asText()).isEqualTo("cancelled");
        assertThat(step(failed, "seed").has("jobId")).as("seed never started after the failed migrate").isFalse();
        assertThat(sqlite("SELECT count(*) FROM locations")).as("nothing seeded").isEqualTo("0");

        Files.writeString(example.folder().resolve("migrations/003_humidity.sql"),
                "CREATE TABLE humidity (location_id INTEGER, value REAL);\n");
        TockClient.Run run = tock.cliOk("workflows", "run", "weather-setup", "-n", "weather", "-o", "json");
        JsonNode succeeded = awaitRunEnded(JSON.readTree(run.out()).get("id").asText());
        assertThat(succeeded.get("state").asText()).as(succeeded.toString()).isEqualTo("succeeded");
        Instant migrated = Instant.parse(attempts(step(succeeded, "migrate")).getLast().get("endedAt").asText());
        Instant seedStarted = Instant.parse(attempts(step(succeeded, "seed")).getFirst().get("startedAt").asText());
        assertThat(seedStarted).as("seed starts after migrate ended").isAfterOrEqualTo(migrated);
        assertThat(sqlite("SELECT count(*) FROM locations")).isEqualTo("5");
        assertThat(sqlite("SELECT count(*) FROM schema_migrations")).isEqualTo("3");
    }

    @Test
    void theGuidesManifestsImportAsTheReadmeShowsThem() throws Exception {
        ExampleCopy.of("weather", dir, Map.of());
        TockClient.Run imported = new TockClient("http://127.0.0.1:1", dir).cliOk("import", "-f", "examples/weather/kubernetes/",
                "--executor", "command");
        Map<String, JsonNode> byName = new java.util.TreeMap<>();
        try (var parser = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readerFor(JsonNode.class).readValues(imported.out())) {
            parser.forEachRemaining(d -> byName.put(((JsonNode) d).at("/kind").asText() + "/" + ((JsonNode) d).at("/metadata/name").asText(), (JsonNode) d));
        }
        assertThat(byName).containsOnlyKeys("Schedule/collector", "Schedule/detector", "Job/migrate", "Job/seed");
        for (String schedule : List.of("Schedule/collector", "Schedule/detector")) {
            JsonNode spec = byName.get(schedule).get("spec");
            assertThat(spec.get("schedule").asText()).isEqualTo("*/5 * * * *");
            assertThat(spec.get("overlap").asText()).isEqualTo("forbid");
            assertThat(spec.get("successfulJobsHistoryLimit").asInt()).isEqualTo(3);
            assertThat(spec.get("failedJobsHistoryLimit").asInt()).isEqualTo(3);
            assertThat(spec.at("/jobTemplate/retry/maxAttempts").asInt()).as("Kubernetes' default backoffLimit 6, + 1").isEqualTo(7);
        }
        assertThat(byName.get("Schedule/collector").at("/spec/jobTemplate/executor/command/0").asText()).isEqualTo("/app/collector");
        assertThat(byName.get("Job/seed").at("/spec/retry/maxAttempts").asInt()).as("backoffLimit 4").isEqualTo(5);
        assertThat(imported.err()).as("what a Tock job cannot honour is named").contains("8 field(s) Tock cannot honour");
        assertThat(imported.out()).contains("# warning: spec.template.spec.initContainers: not honoured by the command executor");
    }

    private String initialSetupRun() {
        // The Job document starts one run whose id is the starter job's id.
        return Bounded.awaitValue(Duration.ofSeconds(30), "the initial-setup job",
                () -> StreamSupport.stream(tock.get(NS + "/jobs?type=tock.workflow").get("jobs").spliterator(), false)
                        .map(j -> j.get("id").asText()).findFirst(), this::context);
    }

    private JsonNode awaitRunEnded(String runId) {
        return Bounded.awaitValue(Duration.ofSeconds(60), "workflow run " + runId + " to end", () -> {
            JsonNode run = tock.get(NS + "/workflow-runs/" + runId);
            return run.get("state").asText().equals("running") ? Optional.empty() : Optional.of(run);
        }, this::context);
    }

    private static JsonNode step(JsonNode run, String name) {
        return StreamSupport.stream(run.get("steps").spliterator(), false).filter(s -> s.get("step").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no step " + name + " in " + run));
    }

    private List<JsonNode> attempts(JsonNode step) {
        List<JsonNode> list = new ArrayList<>();
        tock.get(NS + "/jobs/" + step.get("jobId").asText() + "/attempts").get("attempts").forEach(list::add);
        return list;
    }

    private List<JsonNode> runs(String schedule) {
        List<JsonNode> list = new ArrayList<>();
        tock.get(NS + "/schedules/" + schedule + "/runs?limit=500").get("runs").forEach(list::add);
        return list;
    }

    /** Waits for {@code count} fired runs of the schedule, none of which failed. */
    private void awaitFired(String schedule, int count) {
        Bounded.await(Duration.ofSeconds(60), count + " fired runs of " + schedule, () -> {
            List<JsonNode> fired = runs(schedule).stream().filter(r -> r.get("outcome").asText().equals("fired")).toList();
            assertThat(fired).as("runs of " + schedule).noneMatch(r -> List.of("dead", "failed").contains(r.path("jobState").asText()));
            return fired.size() >= count;
        }, this::context);
    }

    /** The collector's nominal times skipped in [from, to]. */
    private List<String> skippedBetween(Instant from, Instant to) {
        return runs("collector").stream().filter(r -> r.get("outcome").asText().equals("skipped") && !r.path("manual").asBoolean())
                .map(r -> r.get("nominalTime").asText())
                .filter(t -> !Instant.parse(t).isBefore(from) && !Instant.parse(t).isAfter(to)).toList();
    }

    /** The distinct locations the collector asked the weather API about. */
    private long seededLocationsRequested() {
        return weatherApi.requests().stream().map(Receiver.Request::query).distinct().count();
    }

    /** The alert notifications the webhook got, one per Idempotency-Key. */
    private List<JsonNode> alertsSent() {
        Map<String, JsonNode> byKey = new java.util.LinkedHashMap<>();
        for (Receiver.Request r : alertWebhook.requests()) {
            try {
                byKey.putIfAbsent(r.header("Idempotency-Key"), JSON.readTree(r.body()));
            } catch (java.io.IOException e) {
                throw new AssertionError("the webhook got no JSON: " + r.body(), e);
            }
        }
        return List.copyOf(byKey.values());
    }

    /** One value from the example's SQLite database, read with python3 as its scripts do. */
    private String sqlite(String query) throws Exception {
        Path db = example.folder().resolve("data/weather.db");
        Process p = new ProcessBuilder("python3", "-c", "import sqlite3, sys; "
                + "print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])", db.toString(), query)
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private String context() {
        return "\nweather API requests: " + weatherApi.requests().size() + ", alerts: " + alertsSent() + node.output();
    }
}
