package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Many clients creating the same object at once, over HTTP: none gets a 5xx, exactly one per name is
 * told 201 Created, the others 200. A subclass runs it on PostgreSQL, where the requests really
 * overlap in the database.
 */
class ConcurrentCreateTest extends ApiTest {
    private static final int CLIENTS_PER_NAME = 8;
    private static final int NAMES = 5;

    @Test
    void concurrentPutsOfOneQueueCreateItOnce() throws Exception {
        assertEachCreatedOnce(name -> () -> http.put(NS + "/queues/" + name, "{\"maxRunning\": 3}"));
    }

    @Test
    void concurrentPutsOfOneScheduleCreateItOnce() throws Exception {
        assertEachCreatedOnce(name -> () -> http.put(NS + "/schedules/" + name,
                "{\"schedule\": \"@daily\", \"jobTemplate\": {\"type\": \"report\"}}"));
    }

    @Test
    void concurrentPutsOfOneApplySetCreateItOnce() throws Exception {
        assertEachCreatedOnce(name -> () -> http.put(NS + "/applysets/" + name, "{\"members\": [\"queue/mail\"]}"));
    }

    @Test
    void concurrentPostsOfOneNamespaceCreateItOnce() throws Exception {
        assertEachCreatedOnce(name -> () -> http.post("/v1/namespaces", "{\"name\": \"" + name + "\"}"));
        assertThat(http.get("/v1/namespaces").expect(200).json().get("namespaces")).hasSize(NAMES + 1);
    }

    /** Every client of every name starts at one signal; statuses are then counted per name. */
    private void assertEachCreatedOnce(Function<String, Callable<Http.Reply>> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS_PER_NAME * NAMES);
        CountDownLatch go = new CountDownLatch(1);
        Map<String, List<Future<Http.Reply>>> replies = new TreeMap<>();
        try {
            for (int n = 0; n < NAMES; n++) {
                String name = "race-" + n;
                for (int i = 0; i < CLIENTS_PER_NAME; i++) {
                    Callable<Http.Reply> call = request.apply(name);
                    replies.computeIfAbsent(name, k -> new ArrayList<>()).add(pool.submit(() -> {
                        assertThat(go.await(10, TimeUnit.SECONDS)).as("start signal").isTrue();
                        return call.call();
                    }));
                }
            }
            go.countDown();
            for (Map.Entry<String, List<Future<Http.Reply>>> e : replies.entrySet()) {
                List<Integer> statuses = new ArrayList<>();
                List<String> bodies = new ArrayList<>();
                for (Future<Http.Reply> reply : e.getValue()) {
                    Http.Reply r = reply.get(60, TimeUnit.SECONDS);
                    statuses.add(r.status());
                    bodies.add(r.raw().body());
                }
                assertThat(statuses).as("statuses for %s; bodies %s", e.getKey(), bodies)
                        .containsOnly(201, 200).containsOnlyOnce(201).hasSize(CLIENTS_PER_NAME);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
