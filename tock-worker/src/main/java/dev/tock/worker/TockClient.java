package dev.tock.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;

/** The worker routes of Tock's API, for one worker in one namespace. */
final class TockClient implements AutoCloseable {
    /** A lease this worker holds: the job and its token. */
    record Lease(String id, String token) {
    }

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private final ObjectMapper json;
    private final HttpClient http;
    private final String namespaceBase;
    private final String workerBase;
    private final String worker;
    private final String userAgent;
    private final Optional<String> authorization;
    /** This run of the worker: after it says it is stopping, the server answers its lease requests empty. */
    private final String instance = java.util.UUID.randomUUID().toString();

    TockClient(ObjectMapper json, URI server, String namespace, String worker, String userAgent, Optional<String> token) {
        this.json = json;
        this.authorization = token.map(t -> "Bearer " + t);
        this.worker = worker;
        this.userAgent = userAgent;
        String base = server.toString().replaceAll("/+$", "");
        this.namespaceBase = base + "/v1/namespaces/" + encode(namespace);
        this.workerBase = namespaceBase + "/workers/" + encode(worker);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    }

    /**
     * Leases up to {@code max} jobs of several queues in one request, shared among them by {@code weights},
     * waiting up to {@code waitFor} when none is due in any.
     */
    List<JsonNode> lease(List<String> queues, Map<String, Integer> weights, int max, Duration waitFor, Duration leaseDuration,
                         Set<String> types) throws InterruptedException {
        ObjectNode body = leaseBody(max, waitFor, leaseDuration, types);
        ArrayNode q = body.putArray("queues");
        queues.forEach(q::add);
        if (!weights.isEmpty()) {
            ObjectNode w = body.putObject("weights");
            weights.forEach(w::put);
        }
        JsonNode answer = post(namespaceBase + "/lease", body, REQUEST_TIMEOUT.plus(waitFor));
        List<JsonNode> jobs = new ArrayList<>();
        answer.path("jobs").forEach(jobs::add);
        return jobs;
    }

    private ObjectNode leaseBody(int max, Duration waitFor, Duration leaseDuration, Set<String> types) {
        ObjectNode body = json.createObjectNode();
        body.put("worker", worker);
        body.put("max", max);
        body.put("waitFor", millis(waitFor));
        body.put("leaseDuration", millis(leaseDuration));
        body.put("instance", instance);
        if (!types.isEmpty()) {
            ArrayNode t = body.putArray("types");
            types.forEach(t::add);
        }
        return body;
    }

    /** Leases up to {@code max} jobs of the queue, waiting up to {@code waitFor} when none is due. */
    List<JsonNode> lease(String queue, int max, Duration waitFor, Duration leaseDuration, Set<String> types)
            throws InterruptedException {
        ObjectNode body = leaseBody(max, waitFor, leaseDuration, types);
        JsonNode answer = post(namespaceBase + "/queues/" + encode(queue) + "/lease", body, REQUEST_TIMEOUT.plus(waitFor));
        List<JsonNode> jobs = new ArrayList<>();
        answer.path("jobs").forEach(jobs::add);
        return jobs;
    }

    /** Extends the leases; returns the ids of jobs whose leases were lost. */
    Set<String> heartbeat(List<Lease> leases, Duration leaseDuration) throws InterruptedException {
        ObjectNode body = leasesBody(leases);
        body.put("leaseDuration", millis(leaseDuration));
        return refused(post(workerBase + "/heartbeat", body, REQUEST_TIMEOUT));
    }

    /** Reports results; returns the ids of jobs whose results were refused (lease no longer held). */
    Set<String> results(List<ObjectNode> results) throws InterruptedException {
        ObjectNode body = json.createObjectNode();
        ArrayNode items = body.putArray("results");
        results.forEach(items::add);
        return refused(post(workerBase + "/results", body, REQUEST_TIMEOUT));
    }

    /** Gives leases back without counting an attempt; {@code stopping} also ends this worker's waiting lease requests. */
    Set<String> release(List<Lease> leases, boolean stopping) throws InterruptedException {
        ObjectNode body = leasesBody(leases);
        if (stopping) {
            body.put("stopping", true);
            body.put("instance", instance);
        }
        return refused(post(workerBase + "/release", body, REQUEST_TIMEOUT));
    }

    private ObjectNode leasesBody(List<Lease> leases) {
        ObjectNode body = json.createObjectNode();
        ArrayNode items = body.putArray("leases");
        for (Lease l : leases) {
            items.addObject().put("id", l.id()).put("leaseToken", l.token());
        }
        return body;
    }

    private static Set<String> refused(JsonNode answer) {
        Set<String> ids = new HashSet<>();
        answer.path("refused").forEach(n -> ids.add(n.asText()));
        return ids;
    }

    private JsonNode post(String url, JsonNode body, Duration timeout) throws InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/json").header("User-Agent", userAgent);
        authorization.ifPresent(value -> builder.header("Authorization", value));
        HttpRequest request = builder.POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body))).build();
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> response;
        try {
            response = exchange.get();
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw new WorkerException("POST " + url + " failed: " + e.getCause(), 0, e.getCause());
        }
        if (response.statusCode() >= 300) {
            throw new WorkerException("POST " + url + " answered " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8), response.statusCode(), null);
        }
        try {
            return response.body().length == 0 ? json.createObjectNode() : json.readTree(response.body());
        } catch (IOException e) {
            throw new WorkerException("POST " + url + " answered with unreadable JSON", response.statusCode(), e);
        }
    }

    private byte[] bytes(JsonNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new WorkerException("cannot write a request as JSON", 0, e);
        }
    }

    private static String millis(Duration d) {
        return d.toMillis() + "ms";
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void close() {
        http.shutdownNow();
    }
}
