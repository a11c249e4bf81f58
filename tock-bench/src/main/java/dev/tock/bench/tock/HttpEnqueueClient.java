package dev.tock.bench.tock;

import dev.tock.TockException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Clients of the REST API's enqueue routes, for {@code tock bench}: keep-alive HTTP/1.1 on 127.0.0.1. */
public final class HttpEnqueueClient {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI single;
    private final URI batch;
    private final String job;

    private final String authorization;

    /**
     * A client of the server on 127.0.0.1:{@code port} that enqueues jobs of {@code type} with an empty
     * payload, authenticated with {@code token}.
     */
    public HttpEnqueueClient(int port, String type, String token) {
        this.authorization = "Bearer " + token;
        String jobs = "http://127.0.0.1:" + port + "/v1/namespaces/default/jobs";
        this.single = URI.create(jobs);
        this.batch = URI.create(jobs + "/batch");
        this.job = "{\"type\":\"" + type + "\",\"payload\":{}}";
    }

    /** Requests/s of {@code jobs} single-job requests spread over {@code clients} concurrent clients. */
    public double singleRequests(int jobs, int clients) {
        return concurrently(jobs, clients, () -> post(single, job, 201));
    }

    /** Jobs/s of {@code jobs} jobs sent in batches of {@code size} by {@code clients} concurrent clients. */
    public double batches(int jobs, int size, int clients) {
        String body = "{\"jobs\":[" + String.join(",", java.util.Collections.nCopies(size, job)) + "]}";
        int requests = Math.max(1, jobs / size);
        return concurrently(requests, clients, () -> post(batch, body, 201)) * size;
    }

    /** Runs {@code total} calls over {@code clients} threads; returns calls per second. */
    private double concurrently(int total, int clients, Runnable call) {
        AtomicInteger left = new AtomicInteger(total);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                done.add(pool.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        call.run();
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            return total / ((System.nanoTime() - start) / 1e9);
        } catch (Exception e) {
            throw new TockException("HTTP enqueue benchmark failed: " + e.getMessage(), e);
        }
    }

    private void post(URI uri, String body, int expected) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", authorization).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new TockException("POST " + uri + " answered " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new TockException("POST " + uri + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TockException("interrupted", e);
        }
    }
}
