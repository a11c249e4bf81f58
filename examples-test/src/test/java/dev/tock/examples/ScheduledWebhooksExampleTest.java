package dev.tock.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tock.examples.support.Bounded;
import dev.tock.examples.support.ExampleCopy;
import dev.tock.examples.support.ExampleProcess;
import dev.tock.examples.support.PostgresSchema;
import dev.tock.examples.support.TockClient;
import dev.tock.examples.support.TockNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/scheduled-webhooks end to end: three Tock nodes from tock.jar on one PostgreSQL (what the folder's
 * compose.yaml runs), its YAML applied with {@code tock apply}, one-off webhooks enqueued over the API to every
 * node, the recurring one every 2 s instead of 5 min, all delivered to the example's receiver.py on 127.0.0.1,
 * which verifies each signature and de-duplicates by delivery id. One node is SIGKILLed while deliveries are
 * under way: every webhook is still delivered and processed once, every nominal time fired once.
 */
class ScheduledWebhooksExampleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NS = "/v1/namespaces/webhooks";
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final int ONE_OFFS = 30;

    @TempDir
    Path root;

    @Test
    void everyWebhookIsDeliveredSignedAndProcessedOnceThoughANodeIsKilled() throws Exception {
        Path receiverScript = ExampleCopy.examples().resolve("scheduled-webhooks/receiver.py");
        try (ExampleProcess receiver = ExampleProcess.start("receiver", root, List.of("/usr/bin/python3", receiverScript.toString()),
                Map.of("WEBHOOK_SECRET", "local-only-signing-key-change-me", "PORT", "0", "DB", root.resolve("deliveries.sqlite3").toString()));
             PostgresSchema schema = PostgresSchema.create("ex_webhooks")) {
            String receiverUrl = "http://127.0.0.1:" + receiver.awaitLine(Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)"), WAIT);
            ExampleCopy example = ExampleCopy.of("scheduled-webhooks", root, Map.of(
                    "@every 5m", "@every 2s", "delay: 10m", "delay: 3s", "http://receiver:8000", receiverUrl));
            Map<String, String> settings = Map.of("lease-duration", "4s", "heartbeat-interval", "1s");
            List<CompletableFuture<TockNode>> starting = List.of("wh-1", "wh-2", "wh-3").stream()
                    .map(id -> CompletableFuture.supplyAsync(() -> start(id, schema, settings))).toList();
            List<TockNode> nodes = starting.stream().map(CompletableFuture::join).toList();
            try {
                List<TockClient> clients = nodes.stream().map(n -> new TockClient(n.url(), root)).toList();
                TockClient tock = clients.getFirst();
                tock.cliOk("apply", "-f", example.relative(""));

                // One-off webhooks as an application enqueues them: to any node, each with its own time and key.
                Set<String> oneOffs = new HashSet<>();
                for (int i = 0; i < ONE_OFFS; i++) {
                    oneOffs.add(clients.get(i % 3).post(NS + "/jobs", """
                            {"type": "webhook.reminder", "queue": "deliveries", "delay": "%dms", "idempotencyKey": "reminder-%d",
                             "payload": {"event": "reminder", "account": "a-%d"}, "retry": {"maxAttempts": 10, "initialBackoff": "200ms"},
                             "executor": {"kind": "http", "url": "%s/hooks/reminder", "timeout": "10s",
                               "signingSecret": {"valueFrom": {"secretKeyRef": {"name": "webhook-signing", "key": "signing"}}}}}"""
                            .formatted(1000 + i * 200, i, i, receiverUrl)).path("id").asText());
                }
                assertThat(forged(receiverUrl, "t=" + Instant.now().getEpochSecond() + ",v1=00ff")).isEqualTo(401);
                assertThat(forged(receiverUrl, null)).isEqualTo(401);

                // SIGKILL wh-2 while deliveries are under way, when it holds a lease if that is seen within 5 s.
                Bounded.await(WAIT, "the first deliveries", () -> processed(receiverUrl).size() >= 3, receiver::output);
                TockNode victim = nodes.get(1);
                boolean heldLeases = holdsLeaseWithin(tock, victim.nodeId(), Duration.ofSeconds(5));
                victim.kill();
                Instant killed = Instant.now();
                // The schedule fires on, on the two nodes left; wh-2's leases expire (4 s) and are taken back.
                Bounded.await(WAIT, "two fires after the kill to be delivered", () -> usageSyncTimes(receiverUrl).stream()
                        .filter(t -> Instant.parse(t).isAfter(killed)).count() >= 2, receiver::output);
                Duration leftOfLeases = Duration.between(Instant.now(), killed.plusSeconds(5));
                if (leftOfLeases.isPositive()) {
                    Bounded.sleep(leftOfLeases);
                }
                tock.cliOk("schedules", "suspend", "usage-sync", "-n", "webhooks");

                // Done: every one-off delivery succeeded, and every fire's, but for a fire that the suspend withdrew
                // before it ran (cancelled, no attempt). The schedule's history limits delete the jobs of older fires
                // once finished (their runs keep the job id, without a state): the receiver says whether those came.
                Bounded.await(WAIT, "every delivery to succeed", () -> StreamSupport.stream(jobs(tock).spliterator(), false)
                        .allMatch(j -> j.path("state").asText().equals("succeeded") || withdrawn(j))
                        && StreamSupport.stream(runs(tock).spliterator(), false)
                        .allMatch(r -> Set.of("succeeded", "cancelled", "").contains(r.path("jobState").asText())),
                        () -> jobs(tock).toString() + runs(tock));
                Set<String> expected = new HashSet<>();
                jobs(tock).forEach(j -> {
                    if (!j.path("type").asText().equals("webhook.usage-sync")) {
                        expected.add(j.path("id").asText());
                    }
                });
                assertThat(expected).hasSize(ONE_OFFS + 1).containsAll(oneOffs);   // and the Job document's
                List<Instant> nominal = new ArrayList<>();
                List<String> withdrawn = new ArrayList<>();
                int oneOffCount = expected.size();
                runs(tock).forEach(r -> {
                    assertThat(r.path("outcome").asText()).as("run " + r).isEqualTo("fired");
                    nominal.add(Instant.parse(r.path("nominalTime").asText()));
                    (r.path("jobState").asText().equals("cancelled") ? withdrawn : expected).add(r.path("job").asText());
                });
                assertThat(withdrawn).as("fires withdrawn by the suspend: only one made ahead of its time").hasSizeLessThanOrEqualTo(1);
                nominal.sort(Instant::compareTo);
                assertThat(nominal).as("fires of usage-sync before the kill").anyMatch(t -> t.isBefore(killed));
                for (int i = 1; i < nominal.size(); i++) {
                    assertThat(Duration.between(nominal.get(i - 1), nominal.get(i))).as("no nominal time missed or doubled: " + nominal)
                            .isEqualTo(Duration.ofSeconds(2));
                }

                JsonNode deliveries = JSON.readTree(get(receiverUrl + "/deliveries"));
                List<String> processedIds = new ArrayList<>();
                deliveries.path("processed").forEach(d -> processedIds.add(d.path("id").asText()));
                assertThat(processedIds).as("each webhook processed once, none lost, none foreign (wh-2 held leases when killed: "
                        + heldLeases + ", repeats dropped by id: " + deliveries.path("duplicates").asInt() + ")")
                        .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
                assertThat(deliveries.path("refused").asInt()).as("only the two forged requests were refused: Tock's all verified")
                        .isEqualTo(2);
                assertThat(usageSyncTimes(receiverUrl)).as("one processed delivery per nominal time that ran")
                        .doesNotHaveDuplicates().hasSize(expected.size() - oneOffCount);
            } finally {
                for (TockNode node : nodes) {
                    node.close();
                }
            }
        }
    }

    private TockNode start(String id, PostgresSchema schema, Map<String, String> settings) {
        try {
            return TockNode.start(id, root, schema, settings);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean holdsLeaseWithin(TockClient tock, String node, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode job : tock.get(NS + "/jobs?state=leased,running&limit=100").path("jobs")) {
                if (job.path("leaseOwner").asText().startsWith(node)) {
                    return true;
                }
            }
            Bounded.sleep(Duration.ofMillis(20));
        }
        return false;
    }

    /** A fire made ahead of its time that the schedule's suspend withdrew: cancelled before any attempt. */
    private static boolean withdrawn(JsonNode job) {
        return job.path("type").asText().equals("webhook.usage-sync") && job.path("state").asText().equals("cancelled")
                && job.path("attempts").asInt() == 0;
    }

    /** The nominal times in the usage-sync deliveries the receiver processed. */
    private static List<String> usageSyncTimes(String receiverUrl) {
        try {
            List<String> times = new ArrayList<>();
            JSON.readTree(get(receiverUrl + "/deliveries")).path("processed").forEach(d -> {
                if (d.path("path").asText().equals("/hooks/usage-sync")) {
                    times.add(d.path("body").path("nominalTime").asText());
                }
            });
            return times;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode runs(TockClient tock) {
        return tock.get(NS + "/schedules/usage-sync/runs?limit=500").path("runs");
    }

    private static JsonNode jobs(TockClient tock) {
        return tock.get(NS + "/jobs?queue=deliveries&limit=500").path("jobs");
    }

    private static List<String> processed(String receiverUrl) {
        try {
            List<String> ids = new ArrayList<>();
            JSON.readTree(get(receiverUrl + "/deliveries")).path("processed").forEach(d -> ids.add(d.path("id").asText()));
            return ids;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static String get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build()).body();
    }

    /** A request Tock did not sign: a made-up signature, or none. */
    private static int forged(String receiverUrl, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(receiverUrl + "/hooks/reminder")).timeout(Duration.ofSeconds(10))
                .header("Tock-Job-Id", "01890000-0000-7000-8000-000000000000")
                .POST(HttpRequest.BodyPublishers.ofString("{\"event\": \"reminder\", \"account\": \"mallory\"}"));
        if (signature != null) {
            request.header("Tock-Signature", signature);
        }
        return send(request.build()).statusCode();
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
