package dev.tock.store.jdbc;

import static dev.tock.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.config.TockConfig;
import dev.tock.engine.Tock;
import dev.tock.model.Attempt;
import dev.tock.model.AttemptOutcome;
import dev.tock.model.Enqueued;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.model.NewJob;
import dev.tock.store.Store;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Several nodes, each with its own connection pool, on one PostgreSQL schema. */
class PostgresClusterTest {
    private static final int JOBS = 10_000;
    private static final int BATCH = 500;

    private final String schema = TestDatabases.freshSchemaName();
    private final List<Store> stores = new ArrayList<>();
    private final List<Tock> engines = new ArrayList<>();

    @AfterEach
    void tearDown() {
        engines.forEach(e -> e.stop(Duration.ofSeconds(5)));
        stores.forEach(Store::close);
        TestDatabases.dropSchema(schema);
    }

    @Test
    void threeEnginesShareTenThousandJobs() {
        Map<JobId, AtomicInteger> runs = new ConcurrentHashMap<>();
        Map<JobId, String> ranOn = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> perNode = new ConcurrentHashMap<>();
        for (int n = 1; n <= 3; n++) {
            Store store = JdbcStore.open(TestDatabases.postgres(schema));
            stores.add(store);
            TockConfig config = TockConfig.builder().nodeId("node-" + n).workerThreads(8)
                    .pollInterval(Duration.ofMillis(200)).build();
            engines.add(Tock.builder().config(config).store(store).handler("count", ctx -> {
                runs.computeIfAbsent(ctx.job().id(), id -> new AtomicInteger()).incrementAndGet();
                ranOn.put(ctx.job().id(), ctx.node());
                perNode.computeIfAbsent(ctx.node(), node -> new AtomicInteger()).incrementAndGet();
            }).build().start());
        }

        long start = System.nanoTime();
        List<JobId> ids = new ArrayList<>(JOBS);
        for (int b = 0; b < JOBS / BATCH; b++) {
            List<NewJob> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                batch.add(NewJob.of("count", "{\"n\":" + (b * BATCH + i) + "}"));
            }
            engines.get(b % engines.size()).jobs().enqueueAll(batch).stream().map(Enqueued::id).forEach(ids::add);
        }
        Tock any = engines.get(0);
        await(Duration.ofSeconds(180), "all " + JOBS + " jobs to succeed",
                () -> any.jobs().countByState("default"), counts -> counts.get(JobState.SUCCEEDED) == JOBS);
        System.out.printf("PostgresClusterTest: %d jobs on 3 engines in %d ms; per node %s%n",
                JOBS, (System.nanoTime() - start) / 1_000_000, perNode);

        Map<JobState, Long> expected = new EnumMap<>(JobState.class);
        for (JobState s : JobState.values()) {
            expected.put(s, s == JobState.SUCCEEDED ? (long) JOBS : 0L);
        }
        assertThat(any.jobs().countByState("default")).isEqualTo(expected);
        assertThat(runs).as("jobs executed").hasSize(JOBS).containsOnlyKeys(ids);
        assertThat(runs.entrySet()).as("jobs executed more than once")
                .filteredOn(e -> e.getValue().get() != 1).isEmpty();
        assertThat(perNode).as("jobs run per node").containsOnlyKeys("node-1", "node-2", "node-3");
        assertThat(perNode.values()).allMatch(n -> n.get() > 0);

        for (int i = 0; i < JOBS; i += 50) {
            JobId id = ids.get(i);
            assertThat(any.jobs().attempts(id)).as("attempts of " + id)
                    .extracting(Attempt::number, Attempt::outcome, Attempt::node)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(1, AttemptOutcome.SUCCEEDED, ranOn.get(id)));
        }
        // A successful attempt is stored on its job's row; no attempt failed, so no attempt rows exist.
        String jobs = schema + ".tock_jobs";
        assertThat(PgProbe.count("SELECT COUNT(*) FROM " + schema + ".tock_attempts", null)).as("failed attempt rows").isZero();
        assertThat(PgProbe.count("SELECT COUNT(*) FROM " + jobs + " WHERE attempts = 1 AND success_node = ?", "node-1")
                + PgProbe.count("SELECT COUNT(*) FROM " + jobs + " WHERE attempts = 1 AND success_node = ?", "node-2")
                + PgProbe.count("SELECT COUNT(*) FROM " + jobs + " WHERE attempts = 1 AND success_node = ?", "node-3"))
                .as("jobs with one successful attempt by a cluster node").isEqualTo(JOBS);
    }
}
