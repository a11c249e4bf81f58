package dev.tock.bench.tock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tock.config.TockConfig;
import dev.tock.engine.Tock;
import dev.tock.handler.PermanentFailure;
import dev.tock.model.Job;
import dev.tock.model.JobId;
import dev.tock.model.NewJob;
import dev.tock.store.CompletionCommit;
import dev.tock.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * {@code tock bench --alerts N}: how soon a failed run is notified. A rule watches a job type ({@code failed after 1,
 * recoverAfter 1}) and tells a webhook on 127.0.0.1; N times a job of that type fails (the alert fires) and one
 * succeeds (it resolves). Each latency is from the failed job's finish time in the store to the webhook's receipt
 * of the firing notification.
 */
final class AlertLatency {
    private static final String TYPE = "bench.alert";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Store store;
    private final PrintWriter out;
    private final Map<String, String> settings;

    AlertLatency(Store store, PrintWriter out, Map<String, String> settings) {
        this.store = store;
        this.out = out;
        this.settings = settings;
    }

    /** Percentiles of outcome → receiver, in milliseconds. */
    record Result(int alerts, Lateness firing, Lateness resolved) {
        String toJson(String store, CompletionCommit commit) {
            return String.format(Locale.ROOT, "{\"store\":\"%s\",\"completion_commit\":\"%s\",\"alerts\":%d,\"alert_firing_p50_ms\":%.1f,"
                            + "\"alert_firing_p99_ms\":%.1f,\"alert_firing_max_ms\":%.1f,\"alert_resolved_p50_ms\":%.1f,\"alert_resolved_p99_ms\":%.1f}",
                    store, commit.wireName(), alerts, firing.p50(), firing.p99(), firing.max(), resolved.p50(), resolved.p99());
        }
    }

    Result measure(int alerts) {
        Map<String, Instant> received = new ConcurrentHashMap<>();
        HttpServer receiver = receiver(received);
        TockConfig.Builder config = TockConfig.builder().nodeId("bench-alerts").set("rate-limit", "0")
                .set("http-egress-allow", "127.0.0.1/32");
        settings.forEach(config::set);
        try (Tock tock = Tock.builder().config(config.build()).store(store).handler(TYPE, ctx -> {
            if (ctx.payload().contains("fail")) {
                throw new PermanentFailure("failing on purpose");
            }
        }).build()) {
            tock.start();
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/alerts";
            tock.alerts().saveChannel("default", "bench", JSON.createObjectNode().put("type", "webhook").put("url", url));
            tock.alerts().saveRule("default", "bench", read("{\"subjects\": [{\"kind\": \"job\", \"name\": \"" + TYPE + "\"}],"
                    + " \"conditions\": [{\"type\": \"failed\", \"after\": 1, \"recoverAfter\": 1}], \"channels\": [\"bench\"]}"));
            double[] firing = new double[alerts];
            double[] resolved = new double[alerts];
            for (int i = 0; i < alerts; i++) {
                firing[i] = cycle(tock, received, "fail", "firing", i);
                resolved[i] = cycle(tock, received, "ok", "resolved", i);
            }
            tock.alerts().deleteRule("default", "bench");
            tock.alerts().deleteChannel("default", "bench");
            Result result = new Result(alerts, Lateness.of(firing), Lateness.of(resolved));
            out.printf(Locale.ROOT, "alerts: %d failed runs notified, outcome → webhook p50 %.0f ms, p99 %.0f ms, max %.0f ms;"
                            + " recovery p50 %.0f ms, p99 %.0f ms%n", alerts, result.firing().p50(), result.firing().p99(), result.firing().max(),
                    result.resolved().p50(), result.resolved().p99());
            return result;
        } finally {
            receiver.stop(0);
        }
    }

    /** Enqueues one job, waits for the transition it causes to reach the webhook; returns the milliseconds from its finish. */
    private double cycle(Tock tock, Map<String, Instant> received, String payload, String transition, int round) {
        int before = (int) received.keySet().stream().filter(k -> k.contains("/" + transition + "/")).count();
        JobId id = tock.jobs().enqueue(NewJob.builder(TYPE).payload("{\"" + payload + "\": " + round + "}")
                .retry(new dev.tock.model.RetryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(10), 1.0, 0.0)).build()).id();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (received.keySet().stream().filter(k -> k.contains("/" + transition + "/")).count() <= before) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no " + transition + " notification within " + WAIT + " (round " + round + ")");
            }
            sleep();
        }
        Instant at = received.entrySet().stream().filter(e -> e.getKey().contains("/" + transition + "/")).map(Map.Entry::getValue)
                .max(Instant::compareTo).orElseThrow();
        Job job = tock.jobs().get(id);
        Instant finished = job.finishedAt().orElseThrow(() -> new IllegalStateException("job " + id + " has not finished"));
        return Duration.between(finished, at).toNanos() / 1e6;
    }

    private static HttpServer receiver(Map<String, Instant> received) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/alerts", exchange -> {
                Instant at = Instant.now();
                JsonNode body = JSON.readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                received.putIfAbsent(body.path("key").asText(), at);
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("could not start the webhook receiver", e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
