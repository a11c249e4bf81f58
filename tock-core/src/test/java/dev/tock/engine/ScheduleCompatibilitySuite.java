package dev.tock.engine;

import static dev.tock.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tock.config.TockConfig;
import dev.tock.handler.JobHandler;
import dev.tock.model.InvalidJobException;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.model.JobTemplate;
import dev.tock.model.UnknownNamespaceException;
import dev.tock.schedule.FireOutcome;
import dev.tock.schedule.OverlapPolicy;
import dev.tock.schedule.Schedule;
import dev.tock.schedule.ScheduleFire;
import dev.tock.store.FirePlan;
import dev.tock.store.Store;
import dev.tock.testing.StoreFixture;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Schedules on every store: exactly-once fire records, overlap policies, suspend, trigger, preview. */
public abstract class ScheduleCompatibilitySuite extends StoreFixture {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final JobTemplate TICK = JobTemplate.of("tick");

    private final List<Tock> nodes = new ArrayList<>();

    @Override
    protected void beforeStoreCloses() {
        nodes.forEach(n -> n.stop(Duration.ofSeconds(2)));
    }

    private Tock node(String name, JobHandler tick) {
        return node(name, tick, java.time.Clock.systemUTC());
    }

    private Tock node(String name, JobHandler tick, java.time.Clock clock) {
        Tock tock = Tock.builder().store(store).handler("tick", tick).clock(clock)
                .config(TockConfig.builder().nodeId(name).workerThreads(4).pollInterval(Duration.ofMillis(200)).build())
                .build();
        nodes.add(tock);
        return tock.start();
    }

    private static FirePlan planAt(Schedule s, Instant nominal, String node) {
        return FirePlanner.plan(s, node, List.of(nominal), nominal);
    }

    @Test
    void savesFindsListsAndDeletesSchedules() {
        Schedule s = Schedule.of("default", "nightly", "0 2 * * *", TICK.withPayload("{\"a\":1}"))
                .withTimeZone(ZoneId.of("Europe/Berlin")).withOverlap(OverlapPolicy.FORBID).withJitter(Duration.ofSeconds(5));
        store.schedules().save(s);
        assertThat(store.schedules().find("default", "nightly")).hasValueSatisfying(stored -> {
            assertThat(stored.schedule()).isEqualTo(s);
            assertThat(stored.lastNominal()).isEmpty();
            assertThat(stored.cursor()).isEqualTo(stored.firesFrom());
        });
        assertThat(store.schedules().list("default")).hasSize(1);
        assertThat(store.schedules().active()).hasSize(1);
        store.schedules().save(s.withSuspended(true));
        assertThat(store.schedules().active()).isEmpty();
        assertThat(store.schedules().delete("default", "nightly")).isTrue();
        assertThat(store.schedules().delete("default", "nightly")).isFalse();
        assertThat(store.schedules().find("default", "nightly")).isEmpty();
    }

    @Test
    void aScheduleInAnUnknownNamespaceIsRefused() {
        assertThatThrownBy(() -> store.schedules().save(Schedule.of("nope", "x", "@hourly", TICK)))
                .isInstanceOf(UnknownNamespaceException.class);
    }

    @Test
    void badSpecsAndZonesNameTheField() {
        assertThatThrownBy(() -> Schedule.of("default", "x", "61 * * * *", TICK))
                .isInstanceOf(InvalidJobException.class).extracting("field").isEqualTo("schedule.minute");
        assertThatThrownBy(() -> Schedule.zone("Mars/Olympus"))
                .isInstanceOf(InvalidJobException.class).extracting("field").isEqualTo("timeZone");
        assertThatThrownBy(() -> Schedule.of("default", "x", "@every 0s", TICK))
                .isInstanceOf(InvalidJobException.class).extracting("field").isEqualTo("schedule.every");
    }

    @Test
    void eachNominalTimeIsRecordedOnceWhoeverRecordsIt() {
        Schedule s = Schedule.of("default", "once", "* * * * *", TICK);
        store.schedules().save(s);
        Instant nominal = Instant.now().truncatedTo(ChronoUnit.MINUTES);

        List<ScheduleFire> first = store.schedules().recordFires(planAt(s, nominal, "a"));
        List<ScheduleFire> second = store.schedules().recordFires(planAt(s, nominal, "b"));

        assertThat(first).singleElement().satisfies(f -> {
            assertThat(f.outcome()).isEqualTo(FireOutcome.FIRED);
            assertThat(f.job()).isPresent();
        });
        assertThat(second).isEmpty();
        assertThat(store.schedules().fires("default", "once", 10)).singleElement().satisfies(f -> {
            assertThat(f.node()).isEqualTo("a");
            assertThat(f.jobState()).contains(JobState.READY);
        });
        assertThat(store.jobs().countByState("default").get(JobState.READY)).isEqualTo(1);
        assertThat(store.schedules().find("default", "once").orElseThrow().lastNominal()).contains(nominal);
    }

    @Test
    void forbidSkipsWhileARunIsActiveAndReplaceCancelsIt() {
        Schedule forbid = Schedule.of("default", "forbid", "* * * * *", TICK).withOverlap(OverlapPolicy.FORBID);
        Schedule replace = Schedule.of("default", "replace", "* * * * *", TICK).withOverlap(OverlapPolicy.REPLACE);
        store.schedules().save(forbid);
        store.schedules().save(replace);
        Instant t1 = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Instant t2 = t1.plus(1, ChronoUnit.MINUTES);

        store.schedules().recordFires(planAt(forbid, t1, "a"));
        assertThat(store.schedules().recordFires(planAt(forbid, t2, "a"))).extracting(ScheduleFire::outcome).containsExactly(FireOutcome.SKIPPED);

        JobId firstReplaced = store.schedules().recordFires(planAt(replace, t1, "a")).get(0).job().orElseThrow();
        ScheduleFire second = store.schedules().recordFires(planAt(replace, t2, "a")).get(0);
        assertThat(second.outcome()).isEqualTo(FireOutcome.FIRED);
        assertThat(store.jobs().find(firstReplaced).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
        assertThat(store.jobs().find(second.job().orElseThrow()).orElseThrow().state()).isIn(JobState.PENDING);
    }

    @Test
    void bufferOneHoldsOneRunWhileAnotherIsActiveAndSkipsTheRest() {
        Schedule s = Schedule.of("default", "buffered", "* * * * *", TICK).withOverlap(OverlapPolicy.BUFFER_ONE);
        store.schedules().save(s);
        Instant t1 = Instant.now().truncatedTo(ChronoUnit.MINUTES);

        JobId first = fireAt(s, t1);
        ScheduleFire second = store.schedules().recordFires(planAt(s, t1.plusSeconds(60), "a")).get(0);
        ScheduleFire third = store.schedules().recordFires(planAt(s, t1.plusSeconds(120), "a")).get(0);

        assertThat(second.outcome()).isEqualTo(FireOutcome.FIRED);
        JobId held = second.job().orElseThrow();
        assertThat(store.jobs().find(held).orElseThrow().state()).isEqualTo(JobState.SCHEDULED);
        assertThat(third.outcome()).isEqualTo(FireOutcome.SKIPPED);
        assertThat(store.schedules().startBufferedRuns()).as("held while the first run is active").isZero();

        finishJob(first, JobState.SUCCEEDED);
        assertThat(store.schedules().startBufferedRuns()).isEqualTo(1);
        assertThat(store.jobs().find(held).orElseThrow().state()).isEqualTo(JobState.READY);
        assertThat(store.schedules().startBufferedRuns()).isZero();
    }

    @Test
    void bufferOneRunsNeverOverlapAndTheHeldRunFollows() {
        Map<JobId, Instant[]> runs = new ConcurrentHashMap<>();
        Tock tock = node("a", ctx -> {
            Instant start = Instant.now();
            Thread.sleep(1_500);
            runs.put(ctx.job().id(), new Instant[] {start, Instant.now()});
        });
        tock.schedules().save(Schedule.of("default", "slow-buffered", "* * * * * *", TICK).withOverlap(OverlapPolicy.BUFFER_ONE));

        await(WAIT, "three finished runs", runs::size, n -> n >= 3);
        tock.schedules().suspend("default", "slow-buffered");

        List<Instant[]> ordered = runs.values().stream().sorted(java.util.Comparator.comparing(r -> r[0])).toList();
        for (int i = 1; i < ordered.size(); i++) {
            assertThat(ordered.get(i)[0]).as("run " + i + " starts after run " + (i - 1) + " ends").isAfterOrEqualTo(ordered.get(i - 1)[1]);
        }
        assertThat(tock.schedules().runs("default", "slow-buffered", 100)).extracting(ScheduleFire::outcome)
                .contains(FireOutcome.FIRED, FireOutcome.SKIPPED);
    }

    @Test
    void manySchedulesAreRecordedInOneCallEachTimeOnce() {
        List<FirePlan> plans = new ArrayList<>();
        Instant nominal = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        for (int i = 0; i < 30; i++) {
            Schedule s = Schedule.of("default", "many-" + i, "* * * * *", TICK);
            store.schedules().save(s);
            plans.add(planAt(s, nominal, "a"));
        }
        Schedule forbid = Schedule.of("default", "many-forbid", "* * * * *", TICK).withOverlap(OverlapPolicy.FORBID);
        Schedule suspended = Schedule.of("default", "many-suspended", "* * * * *", TICK).withSuspended(true);
        store.schedules().save(forbid);
        store.schedules().save(suspended);
        plans.add(planAt(forbid, nominal, "a"));
        plans.add(planAt(suspended, nominal, "a"));

        List<ScheduleFire> first = store.schedules().recordFires(plans);
        List<ScheduleFire> again = store.schedules().recordFires(plans);

        assertThat(first).hasSize(31).allMatch(f -> f.outcome() == FireOutcome.FIRED && f.job().isPresent());
        assertThat(again).isEmpty();
        for (ScheduleFire f : first) {
            assertThat(store.schedules().fires("default", f.schedule(), 10)).singleElement()
                    .satisfies(stored -> assertThat(stored.job()).isEqualTo(f.job()));
            assertThat(store.jobs().find(f.job().orElseThrow()).orElseThrow().state()).isIn(JobState.PENDING);
        }
        assertThat(store.schedules().fires("default", "many-suspended", 10)).isEmpty();
        assertThat(store.schedules().find("default", "many-7").orElseThrow().lastNominal()).contains(nominal);
    }

    /** Saves a schedule that runs {@code tick} every minute, and records its run of the next minute ahead of time. */
    protected JobId scheduleARunAhead(String name) {
        Schedule s = Schedule.of("default", name, "* * * * *", TICK);
        store.schedules().save(s);
        Instant nextMinute = Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(60);
        return store.schedules().recordFires(FirePlanner.plan(s, "a", List.of(nextMinute), Instant.now())).get(0).job().orElseThrow();
    }

    @Test
    void suspendingCancelsRunsRecordedAheadOfTheirTime() {
        JobId ahead = scheduleARunAhead("ahead");
        Schedule s = store.schedules().find("default", "ahead").orElseThrow().schedule();
        assertThat(store.jobs().find(ahead).orElseThrow().state()).isEqualTo(JobState.SCHEDULED);

        store.schedules().save(s.withSuspended(true));

        assertThat(store.jobs().find(ahead).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
    }

    @Test
    void fireOutcomesAreCountedByOutcome() {
        var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        Tock tock = Tock.builder().store(store).handler("tick", ctx -> Thread.sleep(5_000)).meterRegistry(registry)
                .config(TockConfig.builder().nodeId("metered").workerThreads(2).build()).build();
        nodes.add(tock);
        tock.start();
        tock.schedules().save(Schedule.of("default", "counted", "@yearly", TICK).withOverlap(OverlapPolicy.FORBID));

        tock.schedules().trigger("default", "counted", false);
        await(WAIT, "the triggered run to start", () -> tock.jobs().countByState("default").getOrDefault(JobState.RUNNING, 0L), n -> n == 1);
        tock.schedules().trigger("default", "counted", false);

        assertThat(registry.get("tock.schedule.fires").tags("outcome", "fired").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("tock.schedule.fires").tags("outcome", "skipped").counter().count()).isEqualTo(1.0);
    }

    @Test
    void theScheduleRevisionChangesWithEveryDefinitionChangeButNotWithFires() {
        Schedule s = Schedule.of("default", "revised", "* * * * *", TICK);
        String empty = store.schedules().revision();
        store.schedules().save(s);
        String created = store.schedules().revision();
        store.schedules().recordFires(planAt(s, Instant.now().truncatedTo(ChronoUnit.MINUTES), "a"));
        String fired = store.schedules().revision();
        store.schedules().save(s.withSuspended(true));
        String suspended = store.schedules().revision();
        store.schedules().delete("default", "revised");

        assertThat(created).isNotEqualTo(empty);
        assertThat(fired).isEqualTo(created);
        assertThat(suspended).isNotEqualTo(created);
        assertThat(store.schedules().revision()).isNotEqualTo(suspended);
    }

    @Test
    void missedAndCoalescedTimesAreRecordedToo() {
        Schedule s = Schedule.of("default", "late", "* * * * * *", TICK);
        store.schedules().save(s);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<Instant> due = List.of(now.minusSeconds(2), now.minusSeconds(1), now);

        store.schedules().recordFires(FirePlanner.plan(s, "a", due, now));

        Map<FireOutcome, Long> outcomes = store.schedules().fires("default", "late", 10).stream()
                .collect(Collectors.groupingBy(ScheduleFire::outcome, Collectors.counting()));
        assertThat(outcomes).containsEntry(FireOutcome.FIRED, 1L).containsEntry(FireOutcome.COALESCED, 2L);
    }

    /** Leases the job of a fire and ends it as {@code end} (succeeded or dead). */
    private void finishJob(JobId id, JobState end) {
        var leased = store.leases().lease(new dev.tock.store.LeaseRequest("w", Set.of("tick"), 100, Duration.ofMinutes(1))).stream()
                .filter(l -> l.job().id().equals(id)).findFirst().orElseThrow();
        var outcome = end == JobState.SUCCEEDED ? dev.tock.model.AttemptOutcome.SUCCEEDED : dev.tock.model.AttemptOutcome.FAILED;
        store.heldLeases().finish(List.of(new dev.tock.store.FinishedAttempt(leased.lease(), 1, "w", Instant.now(), Instant.now(), outcome, end,
                Duration.ZERO, java.util.Optional.empty(), java.util.Optional.empty())));
    }

    private JobId fireAt(Schedule s, Instant nominal) {
        return store.schedules().recordFires(planAt(s, nominal, "a")).get(0).job().orElseThrow();
    }

    @Test
    void runSummariesCountUnfinishedRunsAndFindTheLatestFireAndSuccess() {
        Schedule s = Schedule.of("default", "summed", "0 * * * *", TICK);
        store.schedules().save(s);
        store.schedules().save(Schedule.of("default", "idle", "0 * * * *", TICK));
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(10, ChronoUnit.HOURS);
        finishJob(fireAt(s, hour), JobState.SUCCEEDED);
        Instant succeededBy = Instant.now();
        finishJob(fireAt(s, hour.plus(1, ChronoUnit.HOURS)), JobState.DEAD);
        fireAt(s, hour.plus(2, ChronoUnit.HOURS));

        var summaries = store.schedules().runSummaries("default");

        assertThat(summaries).containsOnlyKeys("summed");
        var summed = summaries.get("summed");
        assertThat(summed.activeRuns()).isEqualTo(1);
        assertThat(summed.lastFire()).contains(hour.plus(2, ChronoUnit.HOURS));
        assertThat(summed.lastSuccess()).hasValueSatisfying(t -> assertThat(t).isBefore(succeededBy.plusMillis(1))
                .isAfter(hour));
    }

    @Test
    void finishedRunsBeyondTheHistoryLimitsArePruned() {
        Schedule s = Schedule.of("default", "pruned", "0 * * * *", TICK)
                .withHistory(new dev.tock.schedule.RunHistory(2, 1, java.util.OptionalInt.empty()));
        store.schedules().save(s);
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(10, ChronoUnit.HOURS);
        List<JobId> succeeded = new ArrayList<>();
        List<JobId> dead = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            succeeded.add(fireAt(s, hour.plus(i, ChronoUnit.HOURS)));
            finishJob(succeeded.get(i), JobState.SUCCEEDED);
        }
        for (int i = 4; i < 6; i++) {
            dead.add(fireAt(s, hour.plus(i, ChronoUnit.HOURS)));
            finishJob(dead.get(i - 4), JobState.DEAD);
        }
        JobId cancelled = fireAt(s, hour.plus(6, ChronoUnit.HOURS));
        store.jobs().cancel(cancelled);
        fireAt(s, hour.plus(7, ChronoUnit.HOURS)); // pruning happens as the schedule fires

        assertThat(succeeded.subList(0, 2)).allMatch(id -> store.jobs().find(id).isEmpty());
        assertThat(succeeded.subList(2, 4)).allMatch(id -> store.jobs().find(id).isPresent());
        assertThat(store.jobs().find(dead.get(0))).isEmpty();
        assertThat(store.jobs().find(dead.get(1))).as("a cancelled run does not push the last failure out").isPresent();
        assertThat(store.jobs().find(cancelled)).isPresent();
        assertThat(store.schedules().fires("default", "pruned", 100)).hasSize(8);
        // The pruned runs' jobs are gone, but their fire records still say how they ended.
        Map<Instant, Optional<JobState>> ended = new java.util.HashMap<>();
        store.schedules().fires("default", "pruned", 100).forEach(f -> ended.put(f.nominalTime(), f.jobState()));
        assertThat(ended.get(hour)).contains(JobState.SUCCEEDED);
        assertThat(ended.get(hour.plus(4, ChronoUnit.HOURS))).contains(JobState.DEAD);
    }

    /**
     * A schedule keeping 3 runs of each kind runs 100 times (every tenth run failing once before it
     * succeeds) and dies 5 times: throughput counts every run and attempt, although most rows are gone.
     */
    @Test
    void throughputCountsTheRunsThatHistoryLimitsDeleted() {
        Schedule s = Schedule.of("default", "busy", "* * * * *", TICK)
                .withHistory(new dev.tock.schedule.RunHistory(3, 3, java.util.OptionalInt.empty()));
        store.schedules().save(s);
        Instant from = store.now().truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.HOURS);
        Instant minute = from.minus(10, ChronoUnit.DAYS);
        for (int i = 0; i < 105; i++) {
            JobId run = fireAt(s, minute.plus(i, ChronoUnit.MINUTES));
            if (i % 10 == 0 || i >= 100) {
                finishJob(run, i < 100 ? JobState.FAILED : JobState.DEAD);
            }
            if (i < 100) {
                finishJob(run, JobState.SUCCEEDED);
            }
        }
        fireAt(s, minute.plus(200, ChronoUnit.MINUTES)); // the last runs are pruned as the schedule fires again
        assertThat(store.jobs().list(dev.tock.model.JobQuery.builder("default").schedule("busy").limit(200).build()).jobs())
                .as("runs kept").hasSize(3 + 3 + 1);

        List<dev.tock.model.ThroughputBucket> buckets = store.jobs().throughput("default", from, Duration.ofMinutes(1));

        assertThat(buckets.stream().mapToLong(dev.tock.model.ThroughputBucket::succeeded).sum()).isEqualTo(100);
        assertThat(buckets.stream().mapToLong(dev.tock.model.ThroughputBucket::dead).sum()).isEqualTo(5);
        assertThat(buckets.stream().mapToLong(dev.tock.model.ThroughputBucket::failedAttempts).sum()).isEqualTo(15);
        assertThat(store.queues().stats("default")).singleElement().satisfies(q -> {
            assertThat(q.count(JobState.SUCCEEDED)).isEqualTo(100);
            assertThat(q.count(JobState.DEAD)).isEqualTo(5);
        });
        store.maintain();
        assertThat(store.jobs().throughput("default", from, Duration.ofMinutes(1)).stream()
                .mapToLong(dev.tock.model.ThroughputBucket::succeeded).sum()).as("after maintenance").isEqualTo(100);
        store.namespaces().create("team-b");
        assertThat(store.jobs().throughput("team-b", from, Duration.ofMinutes(1)).stream()
                .mapToLong(dev.tock.model.ThroughputBucket::succeeded).sum()).isZero();
    }

    @Test
    void aScheduleWhoseLastRunsAllFailedIsSuspended() {
        Schedule s = Schedule.of("default", "flaky", "0 * * * *", TICK)
                .withHistory(new dev.tock.schedule.RunHistory(3, 5, java.util.OptionalInt.of(2)));
        store.schedules().save(s);
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(5, ChronoUnit.HOURS);
        finishJob(fireAt(s, hour), JobState.DEAD);
        finishJob(fireAt(s, hour.plus(1, ChronoUnit.HOURS)), JobState.DEAD);

        List<ScheduleFire> third = store.schedules().recordFires(planAt(s, hour.plus(2, ChronoUnit.HOURS), "a"));

        assertThat(third).extracting(ScheduleFire::outcome).containsExactly(FireOutcome.SKIPPED);
        assertThat(store.schedules().find("default", "flaky").orElseThrow().schedule().suspended()).isTrue();
    }

    @Test
    void backfillRunsPastTimesThatNeverFiredAndNeverRefiresOne() {
        Tock tock = node("a", ctx -> { });
        Schedule s = Schedule.of("default", "hourly", "0 * * * *", TICK);
        tock.schedules().save(s);
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(4, ChronoUnit.HOURS);
        JobId firedBefore = fireAt(s, hour);
        store.schedules().recordFires(new FirePlan("default", "hourly", "a", List.of(hour.plus(1, ChronoUnit.HOURS)), List.of(), List.of(),
                false, java.util.Optional.empty(), false));

        List<ScheduleFire> backfilled = tock.schedules().backfill("default", "hourly", hour, hour.plus(3, ChronoUnit.HOURS), OverlapPolicy.ALLOW);

        assertThat(backfilled).extracting(ScheduleFire::nominalTime)
                .containsExactly(hour.plus(1, ChronoUnit.HOURS), hour.plus(2, ChronoUnit.HOURS));
        assertThat(backfilled).allMatch(f -> f.outcome() == FireOutcome.FIRED && f.manual() && f.job().isPresent());
        assertThat(tock.schedules().runs("default", "hourly", 10)).filteredOn(f -> f.nominalTime().equals(hour))
                .singleElement().satisfies(f -> assertThat(f.job()).contains(firedBefore));
        assertThatThrownBy(() -> tock.schedules().backfill("default", "hourly", hour, Instant.now().plusSeconds(3600), OverlapPolicy.ALLOW))
                .isInstanceOf(InvalidJobException.class).extracting("field").isEqualTo("backfill");
    }

    @Test
    void aPerSecondScheduleFiresEverySecondAndItsJobsRun() {
        Set<JobId> ran = ConcurrentHashMap.newKeySet();
        Tock tock = node("a", ctx -> ran.add(ctx.job().id()));
        tock.schedules().save(Schedule.of("default", "tick", "* * * * * *", TICK));

        List<ScheduleFire> fires = await(WAIT, "three fires", () -> tock.schedules().runs("default", "tick", 10), f -> f.size() >= 3);

        assertThat(fires).allMatch(f -> f.outcome() == FireOutcome.FIRED && f.job().isPresent());
        assertThat(fires).extracting(ScheduleFire::nominalTime).allMatch(t -> t.getNano() == 0).doesNotHaveDuplicates();
        await(WAIT, "their jobs to run", () -> fires.stream().allMatch(f -> ran.contains(f.job().get())));
    }

    @Test
    void twoNodesFireEachNominalSecondExactlyOnce() {
        AtomicInteger runs = new AtomicInteger();
        Tock a = node("a", ctx -> runs.incrementAndGet());
        node("b", ctx -> runs.incrementAndGet());
        a.schedules().save(Schedule.of("default", "shared", "* * * * * *", TICK));

        List<ScheduleFire> fires = await(WAIT, "five fires", () -> a.schedules().runs("default", "shared", 100), f -> f.size() >= 5);

        List<Instant> nominal = fires.stream().map(ScheduleFire::nominalTime).sorted().toList();
        for (int i = 1; i < nominal.size(); i++) {
            assertThat(Duration.between(nominal.get(i - 1), nominal.get(i))).as("gap before " + nominal.get(i)).isEqualTo(Duration.ofSeconds(1));
        }
        assertThat(fires).allMatch(f -> f.outcome() == FireOutcome.FIRED);
        long jobs = fires.stream().map(f -> f.job().orElseThrow()).distinct().count();
        assertThat(jobs).isEqualTo(fires.size());
    }

    @Test
    void forbidSkipsFiresWhileALongRunIsStillGoing() {
        Tock tock = node("a", ctx -> Thread.sleep(2_200));
        tock.schedules().save(Schedule.of("default", "slow", "* * * * * *", TICK).withOverlap(OverlapPolicy.FORBID));

        List<ScheduleFire> fires = await(WAIT, "six fire records", () -> tock.schedules().runs("default", "slow", 100), f -> f.size() >= 6);

        assertThat(fires).extracting(ScheduleFire::outcome).contains(FireOutcome.FIRED, FireOutcome.SKIPPED);
        List<ScheduleFire> fired = fires.stream().filter(f -> f.outcome() == FireOutcome.FIRED).toList();
        for (int i = 1; i < fired.size(); i++) {
            // Newest first: a run only starts once the previous one (2.2 s) has ended.
            assertThat(Duration.between(fired.get(i).nominalTime(), fired.get(i - 1).nominalTime())).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        }
    }

    @Test
    void nodesWhoseClocksAreFiveMinutesOffNeitherDoubleNorMiss() {
        Tock fast = node("fast", ctx -> { }, java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofMinutes(5)));
        node("slow", ctx -> { }, java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofMinutes(-5)));
        fast.schedules().save(Schedule.of("default", "skewed", "* * * * * *", TICK));

        List<ScheduleFire> fires = await(WAIT, "five fires", () -> fast.schedules().runs("default", "skewed", 100), f -> f.size() >= 5);

        List<Instant> nominal = fires.stream().map(ScheduleFire::nominalTime).sorted().toList();
        for (int i = 1; i < nominal.size(); i++) {
            assertThat(Duration.between(nominal.get(i - 1), nominal.get(i))).isEqualTo(Duration.ofSeconds(1));
        }
        // recorded_at is the store's clock: no fire was recorded minutes early or late (ALLOW records
        // up to FIRE_AHEAD early, and the job then waits for its time).
        assertThat(fires).allSatisfy(f -> {
            assertThat(f.outcome()).isEqualTo(FireOutcome.FIRED);
            assertThat(Duration.between(f.nominalTime(), f.recordedAt()))
                    .isBetween(ScheduleFirer.FIRE_AHEAD.negated().minusMillis(100), Duration.ofSeconds(2));
        });
    }

    @Test
    void aSuspendedScheduleDoesNotFireAndResumesFromNow() throws Exception {
        Tock tock = node("a", ctx -> { });
        tock.schedules().save(Schedule.of("default", "pausable", "* * * * * *", TICK));
        await(WAIT, "a first fire", () -> !tock.schedules().runs("default", "pausable", 1).isEmpty());
        tock.schedules().suspend("default", "pausable");
        Instant suspendedAt = Instant.now();
        TimeUnit.MILLISECONDS.sleep(2_500);
        Instant resumedAt = Instant.now();
        tock.schedules().resume("default", "pausable");
        await(WAIT, "a fire after resuming", () -> tock.schedules().runs("default", "pausable", 1).get(0).nominalTime().isAfter(resumedAt));

        // Fires recorded ahead of their time before the suspension may exist; their runs were cancelled
        // (and, beyond failedJobsHistoryLimit, pruned) unless a worker had already taken them, which it
        // does up to LEASE_AHEAD before their time.
        List<ScheduleFire> runs = tock.schedules().runs("default", "pausable", 100);
        assertThat(runs).extracting(ScheduleFire::nominalTime)
                .noneMatch(t -> t.isAfter(suspendedAt.plus(ScheduleFirer.FIRE_AHEAD)) && t.isBefore(resumedAt));
        assertThat(runs).filteredOn(f -> f.nominalTime().isAfter(suspendedAt.plus(JobDispatcher.LEASE_AHEAD))
                        && f.nominalTime().isBefore(resumedAt))
                .allSatisfy(f -> assertThat(f.jobState().orElse(JobState.CANCELLED)).isEqualTo(JobState.CANCELLED));
    }

    @Test
    void aManualTriggerObeysTheOverlapPolicyUnlessBypassed() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Tock tock = node("a", ctx -> release.await(20, TimeUnit.SECONDS));
        tock.schedules().save(Schedule.of("default", "manual", "0 0 1 1 *", TICK).withOverlap(OverlapPolicy.FORBID));
        try {
            ScheduleFire first = tock.schedules().trigger("default", "manual", false);
            assertThat(first.outcome()).isEqualTo(FireOutcome.FIRED);
            TimeUnit.MILLISECONDS.sleep(5);
            assertThat(tock.schedules().trigger("default", "manual", false).outcome()).isEqualTo(FireOutcome.SKIPPED);
            TimeUnit.MILLISECONDS.sleep(5);
            assertThat(tock.schedules().trigger("default", "manual", true).outcome()).isEqualTo(FireOutcome.FIRED);
            assertThat(tock.schedules().runs("default", "manual", 10)).allMatch(ScheduleFire::manual);
        } finally {
            release.countDown();
        }
    }

    @Test
    void previewListsTheNextTimesInOrder() {
        Tock tock = node("a", ctx -> { });
        tock.schedules().save(Schedule.of("default", "daily", "30 2 * * *", TICK).withTimeZone(ZoneId.of("America/New_York")));
        List<Instant> next = tock.schedules().preview("default", "daily", 5);
        assertThat(next).hasSize(5).isSorted().doesNotHaveDuplicates();
        assertThat(next).allMatch(t -> t.atZone(ZoneId.of("America/New_York")).getMinute() == 30);
    }

    @Test
    void aTemplateWithAnUnknownTypeIsRefusedWhenSaved() {
        Tock tock = node("a", ctx -> { });
        assertThatThrownBy(() -> tock.schedules().save(Schedule.of("default", "bad", "@hourly", JobTemplate.of("unknown"))))
                .isInstanceOf(InvalidJobException.class).extracting("field").isEqualTo("type");
        assertThat(store.schedules().list("default")).isEmpty();
    }

    @Test
    void aTemplateKeepsItsExecutorAndEachFireCarriesIt() {
        dev.tock.model.HttpExecutor hook = dev.tock.model.HttpExecutor.post("https://hooks.example.com/fire")
                .withHeader("X-Api-Key", "k3y-value").withBody("{\"at\": \"{{job.runAt}}\"}");
        Schedule s = Schedule.of("default", "hook", "@hourly", JobTemplate.of("notify").withExecutor(hook));
        store.schedules().save(s);
        assertThat(store.schedules().find("default", "hook").orElseThrow().schedule()).isEqualTo(s);

        // No HTTP executor here: the fire's job must stay as stored, not be sent anywhere.
        Tock tock = Tock.builder().store(store).config(TockConfig.builder().nodeId("a").httpExecutorEnabled(false).build()).build();
        nodes.add(tock.start());
        tock.schedules().save(Schedule.of("default", "unknown-type-ok", "@hourly", JobTemplate.of("no.handler").withExecutor(hook)));
        assertThatThrownBy(() -> tock.schedules().save(Schedule.of("default", "cmd", "@hourly",
                JobTemplate.of("x").withExecutor(dev.tock.model.CommandExecutor.of("/bin/true")))))
                .isInstanceOf(InvalidJobException.class).extracting("field").isEqualTo("executor.kind");
        ScheduleFire fire = tock.schedules().trigger("default", "hook", true);
        assertThat(store.jobs().find(fire.job().orElseThrow()).orElseThrow().executor()).contains(hook);
    }
}
