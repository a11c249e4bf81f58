package dev.tock.worker;

import dev.tock.config.TockConfig;
import dev.tock.engine.Tock;
import dev.tock.http.TockServer;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.model.NewJob;
import dev.tock.store.Store;
import dev.tock.store.StoreOptions;
import dev.tock.store.jdbc.JdbcStore;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A Tock server on 127.0.0.1 over a fresh in-memory store, for workers to talk to. */
final class TestServer implements AutoCloseable {
    final Store store;
    final Tock tock;
    final TockServer server;

    /** The secret of a worker token for namespace default, known before the server starts. */
    static final String WORKER_TOKEN = "tock_worker-test-token-0123456789abcdefghijklmnop";

    TestServer(int port) {
        this.store = JdbcStore.open(new StoreOptions("jdbc:h2:mem:tock-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", 8, ""));
        store.security().createToken(new dev.tock.security.ApiToken(dev.tock.security.TokenSecrets.newId(), "test-worker", dev.tock.security.Role.WORKER,
                java.util.Set.of("default"), java.util.Set.of(), store.now(), "test", java.util.Optional.empty(), java.util.Optional.empty()),
                dev.tock.security.TokenSecrets.hash(WORKER_TOKEN));
        this.tock = Tock.builder().store(store).acceptAnyType().config(TockConfig.builder().nodeId("server")
                .pollInterval(Duration.ofSeconds(30)).reaperInterval(Duration.ofMillis(200)).build()).build().start();
        this.server = TockServer.builder(tock).host("127.0.0.1").port(port).build().start();
    }

    TestServer() {
        this(0);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    List<JobId> enqueue(String queue, String type, int count) {
        List<NewJob> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            jobs.add(NewJob.builder(type).queue(queue).payload("{\"n\": " + i + "}")
                    .retry(dev.tock.model.RetryPolicy.maxAttempts(3).withBackoff(Duration.ofMillis(10), Duration.ofMillis(10))).build());
        }
        return tock.jobs().enqueueAll(jobs).stream().map(e -> e.id()).toList();
    }

    long count(JobState state) {
        return tock.jobs().countByState("default").getOrDefault(state, 0L);
    }

    @Override
    public void close() {
        server.stop();
        tock.stop(Duration.ofSeconds(2));
        store.close();
    }
}
