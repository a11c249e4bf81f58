package dev.tock.store.jdbc;

import static dev.tock.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.config.TockConfig;
import dev.tock.engine.Tock;
import dev.tock.handler.JobHandler;
import dev.tock.model.Enqueued;
import dev.tock.model.Fairness;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.model.KeySharing;
import dev.tock.model.NewJob;
import dev.tock.model.Queue;
import dev.tock.model.Rate;
import dev.tock.store.Store;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Key sharing under load on one PostgreSQL with several engines, each with its own connection pool:
 * per-key limits never exceeded, fairness against a flood, and rate limits held across nodes.
 */
class PostgresFairSharingTest {
    private final String schema = TestDatabases.freshSchemaName();
    private final List<Store> stores = new ArrayList<>();
    private final List<Tock> engines = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void tearDown() {
        release.countDown();
        engines.forEach(e -> e.stop(Duration.ofSeconds(5)));
        stores.forEach(Store::close);
        TestDatabases.dropSchema(schema);
    }

    private Store store() {
        Store store = JdbcStore.open(TestDatabases.postgres(schema));
        stores.add(store);
        return store;
    }

    private void engines(int count, int threads, Duration poll, JobHandler handler) {
        for (int n = 1; n <= count; n++) {
            TockConfig config = TockConfig.builder().nodeId("node-" + n).workerThreads(threads).pollInterval(poll).build();
            engines.add(Tock.builder().config(config).store(store()).handler("work", handler).build().start());
        }
    }

    private void enqueue(List<NewJob> jobs, List<JobId> ids) {
        for (int from = 0; from < jobs.size(); from += 1000) {
            engines.get(0).jobs().enqueueAll(jobs.subList(from, Math.min(jobs.size(), from + 1000))).stream()
                    .map(Enqueued::id).forEach(ids::add);
        }
    }

    @Test
    void runningPerKeyNeverExceedsItsLimitAndEveryJobRunsOnce() throws Exception {
        final int keys = 50;
        final int jobs = 20_000;
        Map<String, Integer> limits = new HashMap<>();
        for (int k = 0; k < keys; k++) {
            limits.put("tenant-" + k, 1 + k % 5);
        }
        Map<JobId, AtomicInteger> runs = new ConcurrentHashMap<>();
        engines(3, 16, Duration.ofMillis(100), ctx -> {
            runs.computeIfAbsent(ctx.job().id(), id -> new AtomicInteger()).incrementAndGet();
            Thread.sleep(ThreadLocalRandom.current().nextInt(3));
        });
        Store sampler = store();
        sampler.queues().save(Queue.of("default", "tenants").withSharing(
                new KeySharing(OptionalInt.empty(), limits, Optional.empty(), Optional.empty(), Optional.empty())));

        List<String> violations = new CopyOnWriteArrayList<>();
        AtomicLong samples = new AtomicLong();
        AtomicInteger busiest = new AtomicInteger();
        Thread sampling = Thread.ofPlatform().name("sampler").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                Map<String, Long> running = sampler.queues().runningByKey("default", "tenants", keys + 1);
                running.forEach((key, n) -> {
                    busiest.accumulateAndGet(n.intValue(), Math::max);
                    if (n > limits.get(key)) {
                        violations.add(key + " had " + n + " running, limit " + limits.get(key));
                    }
                });
                samples.incrementAndGet();
            }
        });

        List<NewJob> batch = new ArrayList<>(jobs);
        for (int i = 0; i < jobs; i++) {
            batch.add(NewJob.builder("work").queue("tenants").payload("{\"tenant\":\"tenant-" + ThreadLocalRandom.current().nextInt(keys)
                    + "\"}").concurrencyKey("{{payload.tenant}}").build());
        }
        List<JobId> ids = new ArrayList<>(jobs);
        long start = System.nanoTime();
        enqueue(batch, ids);
        try {
            await(Duration.ofSeconds(240), "all " + jobs + " jobs to succeed",
                    () -> engines.get(0).jobs().countByState("default").getOrDefault(JobState.SUCCEEDED, 0L), n -> n == jobs);
        } finally {
            sampling.interrupt();
            sampling.join(5_000);
        }
        System.out.printf("PostgresFairSharingTest: %d jobs, %d keys with limits 1-5, 3 engines x 16 threads in %d ms;"
                + " %d samples, busiest key %d running%n", jobs, keys, (System.nanoTime() - start) / 1_000_000, samples.get(), busiest.get());

        assertThat(violations).as("samples with a key over its limit").isEmpty();
        assertThat(samples.get()).as("samples taken").isGreaterThan(10);
        assertThat(busiest.get()).as("some key reached its limit of more than 1").isGreaterThan(1);
        assertThat(runs).hasSize(jobs).containsOnlyKeys(ids);
        assertThat(runs.entrySet()).as("jobs run more than once").filteredOn(e -> e.getValue().get() != 1).isEmpty();
        assertThat(PgProbe.count("SELECT COUNT(*) FROM " + schema + ".tock_jobs WHERE attempts <> 1", null))
                .as("jobs with an attempt count other than 1").isZero();
    }

    @Test
    void aSmallTenantIsNotStarvedByAFlood() {
        final int flood = 50_000;
        final int small = 50;
        AtomicInteger floodStarted = new AtomicInteger();
        AtomicInteger smallStarted = new AtomicInteger();
        AtomicInteger floodWhenSmallDone = new AtomicInteger(-1);
        engines(3, 8, Duration.ofMillis(100), ctx -> {
            if (ctx.job().concurrencyKey().key().equals("b")) {
                if (smallStarted.incrementAndGet() == small) {
                    floodWhenSmallDone.set(floodStarted.get());
                }
            } else {
                floodStarted.incrementAndGet();
            }
        });
        engines.get(0).queues().save(Queue.of("default", "shared").withPaused(true).withSharing(new KeySharing(OptionalInt.empty(),
                Map.of(), Optional.empty(), Optional.empty(), Optional.of(new Fairness(Map.of())))));
        List<NewJob> jobs = new ArrayList<>(flood + small);
        for (int i = 0; i < flood; i++) {
            jobs.add(NewJob.builder("work").queue("shared").concurrencyKey("a").build());
        }
        for (int i = 0; i < small; i++) {
            jobs.add(NewJob.builder("work").queue("shared").concurrencyKey("b").build());
        }
        enqueue(jobs, new ArrayList<>());
        engines.get(0).queues().resume("default", "shared");

        await(Duration.ofSeconds(120), "the small tenant's " + small + " jobs to start", () -> floodWhenSmallDone.get() >= 0);
        System.out.printf("PostgresFairSharingTest: key b's %d jobs all started after %d of key a's %d%n", small,
                floodWhenSmallDone.get(), flood);
        assertThat(floodWhenSmallDone.get()).as("flood jobs started before the small tenant's last").isLessThan(flood / 10);
    }

    @Test
    void aRateLimitHoldsAcrossThreeEngines() throws Exception {
        final int jobs = 400;
        // The default poll interval: a node held back by the limit looks again at its next slot. leased_at is
        // the moment the limit admitted the job, on the store's clock.
        engines(3, 128, Duration.ofSeconds(1), ctx -> release.await());
        engines.get(0).queues().save(Queue.of("default", "paced").withPaused(true).withSharing(new KeySharing(OptionalInt.empty(),
                Map.of(), Optional.of(Rate.parse("rate", "10/s", "burst", 5)), Optional.empty(), Optional.empty())));
        List<NewJob> batch = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            batch.add(NewJob.builder("work").queue("paced").build());
        }
        enqueue(batch, new ArrayList<>());
        engines.get(0).queues().resume("default", "paced");

        List<Instant> starts = await(Duration.ofSeconds(60), "jobs to start for 31 seconds", this::leaseTimes,
                times -> times.size() > 1 && Duration.between(times.get(0), times.get(times.size() - 1)).toMillis() >= 31_000);
        Instant first = starts.get(0);
        int maxPerSecond = 0;
        int maxPerSecondAfterBurst = 0;
        for (Instant from : starts) {
            Instant end = from.plusSeconds(1);
            int inWindow = (int) starts.stream().filter(t -> !t.isBefore(from) && t.isBefore(end)).count();
            maxPerSecond = Math.max(maxPerSecond, inWindow);
            if (!from.isBefore(first.plusSeconds(1))) {
                maxPerSecondAfterBurst = Math.max(maxPerSecondAfterBurst, inWindow);
            }
        }
        long inThirtySeconds = starts.stream().filter(t -> t.isBefore(first.plusSeconds(30))).count();
        System.out.printf("PostgresFairSharingTest: 10/s burst 5 on 3 engines: %d starts in the first 30 s (ideal 305),"
                + " at most %d in a second, %d after the first second%n", inThirtySeconds, maxPerSecond, maxPerSecondAfterBurst);
        assertThat(maxPerSecond).as("starts in any second (10 plus the burst of 5)").isLessThanOrEqualTo(15);
        // Not asserted: after the first second a second sees 10 or 11 while leases come promptly, up to 15 when all
        // nodes looked late (a stalled machine) and the burst refilled, as the algorithm allows.
        assertThat(inThirtySeconds).as("starts in 30 s, within 2% of 5 + 30 x 10").isBetween(299L, 305L);
        assertThat(PgProbe.count("SELECT COUNT(*) FROM " + schema + ".tock_jobs WHERE state <> 'running' AND attempts > 0", null))
                .as("waiting jobs that used an attempt").isZero();
    }

    /** When each job of the rate test was leased, on the store's clock (the GCRA's clock), in order. */
    private List<Instant> leaseTimes() {
        List<Instant> times = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(TestDatabases.POSTGRES_URL); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT leased_at FROM " + schema + ".tock_jobs WHERE state = 'running' ORDER BY leased_at")) {
            while (rs.next()) {
                times.add(rs.getObject(1, java.time.OffsetDateTime.class).toInstant());
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return times;
    }
}
