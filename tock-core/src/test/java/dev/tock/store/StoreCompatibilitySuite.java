package dev.tock.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tock.model.ApplySet;
import dev.tock.model.Attempt;
import dev.tock.model.AttemptOutcome;
import dev.tock.model.CancelResult;
import dev.tock.model.Enqueued;
import dev.tock.model.InvalidQueryException;
import dev.tock.model.Job;
import dev.tock.model.JobCursor;
import dev.tock.model.JobId;
import dev.tock.model.JobNotFoundException;
import dev.tock.model.JobPage;
import dev.tock.model.JobQuery;
import dev.tock.model.JobState;
import dev.tock.model.JobStateConflictException;
import dev.tock.model.JobTemplate;
import dev.tock.model.LeaseRef;
import dev.tock.model.LeasedJob;
import dev.tock.model.NewJob;
import dev.tock.model.NodeInfo;
import dev.tock.model.NodeRole;
import dev.tock.model.NodeStatus;
import dev.tock.model.Queue;
import dev.tock.model.QueueLeaseRequest;
import dev.tock.model.QueueNotEmptyException;
import dev.tock.model.QueueStats;
import dev.tock.model.RecentFailure;
import dev.tock.model.RetryPolicy;
import dev.tock.model.ThroughputBucket;
import dev.tock.model.UnknownNamespaceException;
import dev.tock.schedule.Schedule;
import dev.tock.testing.StoreFixture;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Store} must have. A store's test extends this and supplies a fresh,
 * empty store per test.
 */
public abstract class StoreCompatibilitySuite extends StoreFixture {
    protected static final Set<String> TYPES = Set.of("work", "other");
    protected static final Duration LEASE = Duration.ofSeconds(30);


    protected JobId enqueue(NewJob job) {
        return store.jobs().enqueue(List.of(job)).get(0).id();
    }

    protected List<LeasedJob> lease(String node, int limit) {
        return store.leases().lease(new LeaseRequest(node, TYPES, limit, LEASE));
    }

    protected FinishedAttempt success(LeasedJob leased) {
        return new FinishedAttempt(leased.lease(), leased.job().attempts(), "node-a", Instant.now(), Instant.now(),
                AttemptOutcome.SUCCEEDED, JobState.SUCCEEDED, Duration.ZERO, Optional.empty(), Optional.of("done"));
    }

    protected FinishedAttempt failure(LeasedJob leased, JobState next, Duration retryDelay) {
        return new FinishedAttempt(leased.lease(), leased.job().attempts(), "node-a", Instant.now(), Instant.now(),
                AttemptOutcome.FAILED, next, retryDelay, Optional.of("boom"), Optional.empty());
    }

    @Test
    void storesEveryFieldOfAJob() {
        NewJob request = NewJob.builder("work").queue("mail").payload("{\"to\":\"ada\",\"n\":[1,2]}").priority(7)
                .idempotencyKey("k-1").retry(new RetryPolicy(5, Duration.ofMillis(250), Duration.ofSeconds(9), 3.0, 0.5))
                .timeout(Duration.ofSeconds(42)).label("team", "billing").label("tier", "gold").build();
        JobId id = enqueue(request);

        Job job = store.jobs().find(id).orElseThrow();
        assertThat(job.namespace()).isEqualTo("default");
        assertThat(job.queue()).isEqualTo("mail");
        assertThat(job.type()).isEqualTo("work");
        assertThat(job.payload()).isEqualTo("{\"to\":\"ada\",\"n\":[1,2]}");
        assertThat(job.priority()).isEqualTo(7);
        assertThat(job.state()).isEqualTo(JobState.READY);
        assertThat(job.attempts()).isZero();
        assertThat(job.retryPolicy()).isEqualTo(request.retryPolicy());
        assertThat(job.timeout()).contains(Duration.ofSeconds(42));
        assertThat(job.idempotencyKey()).contains("k-1");
        assertThat(job.labels()).containsEntry("team", "billing").containsEntry("tier", "gold").hasSize(2);
        assertThat(job.finishedAt()).isEmpty();
        assertThat(job.leaseOwner()).isEmpty();
    }

    @Test
    void timestampsRoundTripExactlyWhateverTheSessionZone() {
        Instant runAt = Instant.parse("2031-03-30T01:30:00.123Z");
        JobId id = enqueue(NewJob.builder("work").runAt(runAt).build());
        Job job = store.jobs().find(id).orElseThrow();
        assertThat(job.runAt()).isEqualTo(runAt);
        assertThat(job.state()).isEqualTo(JobState.SCHEDULED);
        assertThat(Duration.between(job.createdAt(), Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
    }

    @Test
    void storeClockIsCloseToThisMachine() {
        assertThat(Duration.between(store.now(), Instant.now()).abs()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void delayIsMeasuredOnTheStoreClock() {
        Instant before = store.now();
        JobId id = enqueue(NewJob.builder("work").delay(Duration.ofHours(1)).build());
        Job job = store.jobs().find(id).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.SCHEDULED);
        assertThat(job.runAt()).isBetween(before.plus(Duration.ofHours(1)), store.now().plus(Duration.ofHours(1)));
    }

    @Test
    void aRunAtInThePastIsReadyAtOnce() {
        JobId id = enqueue(NewJob.builder("work").runAt(Instant.now().minusSeconds(60)).build());
        assertThat(store.jobs().find(id).orElseThrow().state()).isEqualTo(JobState.READY);
        assertThat(lease("a", 10)).extracting(l -> l.job().id()).containsExactly(id);
    }

    @Test
    void leasingAheadTakesOnlyJobsFallingDueWithinTheWindowOfUnlimitedQueues() {
        Instant now = store.now();
        JobId soon = enqueue(NewJob.builder("work").runAt(now.plusMillis(3_000)).build());
        JobId sooner = enqueue(NewJob.builder("work").runAt(now.plusMillis(2_000)).build());
        enqueue(NewJob.builder("work").runAt(now.plusSeconds(60)).build());
        enqueue(NewJob.builder("work").queue("limited").runAt(now.plusMillis(2_000)).build());
        store.queues().save(dev.tock.model.Queue.of("default", "limited").withMaxRunning(5));
        JobId due = enqueue(NewJob.builder("work").build());

        List<LeasedJob> ahead = store.leases().leaseAhead(new LeaseRequest("a", Set.of("work"), 10, Duration.ofMinutes(1)), Duration.ofSeconds(10));

        assertThat(ahead).extracting(l -> l.job().id()).containsExactly(sooner, soon);
        assertThat(ahead).allSatisfy(l -> assertThat(l.job().runAt()).isAfter(l.leasedAt()));
        assertThat(store.jobs().find(soon).orElseThrow().state()).isEqualTo(JobState.LEASED);
        assertThat(lease("b", 10)).extracting(l -> l.job().id()).containsExactly(due);
    }

    /**
     * A node leasing more jobs than it has free workers holds the rest: they read leased, not running,
     * everywhere jobs are counted or listed, until the node records that their handlers started.
     */
    @Test
    void jobsANodeHoldsBeyondItsFreeWorkersReadLeasedUntilTheirStartIsRecorded() {
        for (int i = 0; i < 5; i++) {
            enqueue(NewJob.builder("work").queue("mail").priority(i).build());
        }
        List<LeasedJob> leased = store.leases().lease(new LeaseRequest("a", TYPES, 10, LEASE, Set.of(), 2));

        assertThat(leased).extracting(l -> l.job().priority()).containsExactly(4, 3, 2, 1, 0);
        assertThat(leased).extracting(l -> l.job().state()).containsExactly(JobState.RUNNING, JobState.RUNNING,
                JobState.LEASED, JobState.LEASED, JobState.LEASED);
        LeasedJob held = leased.get(2);
        assertThat(store.jobs().find(held.job().id()).orElseThrow().state()).isEqualTo(JobState.LEASED);
        assertThat(store.jobs().countByState("default")).containsEntry(JobState.RUNNING, 2L).containsEntry(JobState.LEASED, 3L);
        assertThat(store.queues().stats("default")).singleElement().satisfies(q -> {
            assertThat(q.count(JobState.RUNNING)).isEqualTo(2);
            assertThat(q.count(JobState.LEASED)).isEqualTo(3);
        });
        assertThat(listed(JobQuery.builder("default").state(JobState.LEASED))).hasSize(3);
        assertThat(listed(JobQuery.builder("default").state(JobState.RUNNING))).hasSize(2);
        assertThat(store.heldLeases().held(leased.stream().map(LeasedJob::lease).toList())).hasSize(5);

        store.heldLeases().recordStarts(List.of(held.lease(), new LeaseRef(leased.get(3).job().id(), leased.get(3).lease().leaseToken() - 1)));

        assertThat(store.jobs().find(held.job().id()).orElseThrow().state()).isEqualTo(JobState.RUNNING);
        assertThat(store.jobs().find(leased.get(3).job().id()).orElseThrow().state()).as("a stale lease records nothing")
                .isEqualTo(JobState.LEASED);
        assertThat(store.jobs().countByState("default")).containsEntry(JobState.RUNNING, 3L).containsEntry(JobState.LEASED, 2L);
        store.heldLeases().finish(List.of(success(leased.get(4))));
        assertThat(store.jobs().find(leased.get(4).job().id()).orElseThrow().state()).as("a held job may finish at once")
                .isEqualTo(JobState.SUCCEEDED);
        store.heldLeases().release(List.of(leased.get(3).lease()));
        LeasedJob again = lease("b", 10).get(0);
        assertThat(again.job().state()).as("leased again, to start at once").isEqualTo(JobState.RUNNING);
        store.jobs().cancel(held.job().id());
        assertThat(store.jobs().countByState("default")).containsEntry(JobState.RUNNING, 3L).containsEntry(JobState.LEASED, 0L);
    }

    @Test
    void jobsLeasedAheadOfTheirTimeReadLeased() {
        enqueue(NewJob.builder("work").runAt(store.now().plusSeconds(2)).build());
        List<LeasedJob> ahead = store.leases().leaseAhead(new LeaseRequest("a", TYPES, 10, LEASE), Duration.ofSeconds(10));
        assertThat(ahead).singleElement().satisfies(l -> assertThat(l.job().state()).isEqualTo(JobState.LEASED));
        assertThat(store.jobs().countByState("default")).containsEntry(JobState.LEASED, 1L).containsEntry(JobState.RUNNING, 0L);
    }

    /**
     * Nothing rewrites a scheduled job when its time comes: every read shows it ready from then on,
     * decided on the store's clock, and filters by state agree with what is shown.
     */
    @Test
    void aScheduledJobWhoseTimeHasComeReadsReadyEverywhere() {
        store.queues().save(Queue.of("default", "held").withPaused(true));
        JobId id = enqueue(NewJob.builder("work").queue("held").runAt(store.now().plusMillis(500)).build());
        JobId later = enqueue(NewJob.builder("work").queue("held").delay(Duration.ofHours(1)).build());
        assertThat(store.jobs().find(id).orElseThrow().state()).isEqualTo(JobState.SCHEDULED);
        assertThat(listed(JobQuery.builder("default").state(JobState.SCHEDULED))).containsExactlyInAnyOrder(later, id);

        dev.tock.testing.Eventually.await(Duration.ofSeconds(10), "the store's clock to pass the run-at time",
                () -> store.now().isAfter(store.jobs().find(id).orElseThrow().runAt()));

        assertThat(store.jobs().find(id).orElseThrow().state()).isEqualTo(JobState.READY);
        assertThat(store.jobs().find(later).orElseThrow().state()).isEqualTo(JobState.SCHEDULED);
        assertThat(store.jobs().list(JobQuery.builder("default").build()).jobs()).extracting(Job::state)
                .containsExactlyInAnyOrder(JobState.SCHEDULED, JobState.READY);
        assertThat(listed(JobQuery.builder("default").state(JobState.READY))).containsExactly(id);
        assertThat(listed(JobQuery.builder("default").state(JobState.SCHEDULED))).containsExactly(later);
        assertThat(listed(JobQuery.builder("default").state(JobState.SCHEDULED, JobState.READY))).containsExactlyInAnyOrder(later, id);
        assertThat(store.jobs().countByState("default")).containsEntry(JobState.READY, 1L).containsEntry(JobState.SCHEDULED, 1L);
        assertThat(store.queues().stats("default")).singleElement().satisfies(q -> {
            assertThat(q.count(JobState.READY)).isEqualTo(1);
            assertThat(q.count(JobState.SCHEDULED)).isEqualTo(1);
        });
        assertThat(store.jobs().cancel(id).previous()).isIn(JobState.SCHEDULED, JobState.READY);
    }

    @Test
    void applySetsAreSavedReplacedListedAndDeleted() {
        var set = new dev.tock.model.ApplySet("default", "prod", java.util.Set.of("schedule/nightly", "queue/mail"));
        store.applySets().save(set);
        store.applySets().save(new dev.tock.model.ApplySet("default", "dev", java.util.Set.of()));

        assertThat(store.applySets().find("default", "prod")).contains(set);
        store.applySets().save(new dev.tock.model.ApplySet("default", "prod", java.util.Set.of("queue/mail")));
        assertThat(store.applySets().find("default", "prod").orElseThrow().members()).containsExactly("queue/mail");
        assertThat(store.applySets().list("default")).extracting(dev.tock.model.ApplySet::name).containsExactly("dev", "prod");
        assertThat(store.applySets().delete("default", "prod")).isTrue();
        assertThat(store.applySets().delete("default", "prod")).isFalse();
        assertThat(store.applySets().find("default", "prod")).isEmpty();
        assertThatThrownBy(() -> store.applySets().save(new dev.tock.model.ApplySet("nope", "x", java.util.Set.of())))
                .isInstanceOf(UnknownNamespaceException.class);
        assertThatThrownBy(() -> new dev.tock.model.ApplySet("default", "x", java.util.Set.of("Schedule/../x")))
                .isInstanceOf(dev.tock.model.InvalidJobException.class).extracting("field").isEqualTo("members");
    }

    @Test
    void idempotencyKeyReturnsTheFirstJob() {
        Enqueued first = store.jobs().enqueue(List.of(NewJob.builder("work").idempotencyKey("once").build())).get(0);
        List<Enqueued> again = store.jobs().enqueue(List.of(
                NewJob.builder("work").idempotencyKey("once").payload("{\"other\":true}").build(),
                NewJob.builder("work").build()));

        assertThat(first.created()).isTrue();
        assertThat(again.get(0)).isEqualTo(new Enqueued(first.id(), false));
        assertThat(again.get(1).created()).isTrue();
        assertThat(store.jobs().find(first.id()).orElseThrow().payload()).isEqualTo("{}");
        assertThat(store.jobs().countByState("default").get(JobState.READY)).isEqualTo(2);
    }

    @Test
    void idempotencyKeysAreScopedToTheirNamespace() {
        store.namespaces().create("team-b");
        JobId a = enqueue(NewJob.builder("work").idempotencyKey("same").build());
        JobId b = enqueue(NewJob.builder("work").namespace("team-b").idempotencyKey("same").build());
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void anUnknownNamespaceIsRefusedAndNothingIsStored() {
        assertThatThrownBy(() -> store.jobs().enqueue(List.of(NewJob.builder("work").build(),
                NewJob.builder("work").namespace("nope").build())))
                .isInstanceOf(UnknownNamespaceException.class)
                .hasMessageContaining("nope");
        assertThat(store.jobs().countByState("default").values()).allMatch(n -> n == 0);
    }

    @Test
    void leasesDueJobsInPriorityOrderUpToTheLimit() {
        JobId low = enqueue(NewJob.builder("work").priority(-5).build());
        JobId high = enqueue(NewJob.builder("work").priority(10).build());
        JobId normal = enqueue(NewJob.builder("work").build());
        enqueue(NewJob.builder("work").priority(100).delay(Duration.ofHours(1)).build());

        List<LeasedJob> first = lease("a", 2);
        assertThat(first).extracting(l -> l.job().id()).containsExactly(high, normal);
        assertThat(first).allSatisfy(l -> {
            assertThat(l.job().state()).isEqualTo(JobState.RUNNING);
            assertThat(l.job().attempts()).isEqualTo(1);
            assertThat(l.job().leaseOwner()).contains("a");
            assertThat(l.leaseExpiresAt()).isAfter(l.leasedAt());
        });
        assertThat(lease("b", 10)).extracting(l -> l.job().id()).containsExactly(low);
        assertThat(lease("c", 10)).isEmpty();
    }

    @Test
    void leasesOnlyTheRequestedTypes() {
        enqueue(NewJob.builder("elsewhere").build());
        JobId mine = enqueue(NewJob.builder("work").build());
        assertThat(lease("a", 10)).extracting(l -> l.job().id()).containsExactly(mine);
    }

    @Test
    void concurrentLeasersNeverGetTheSameJob() throws Exception {
        List<NewJob> jobs = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            jobs.add(NewJob.builder("work").build());
        }
        store.jobs().enqueue(jobs);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<List<JobId>>> results = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                String node = "n" + t;
                results.add(pool.submit(() -> {
                    List<JobId> mine = new ArrayList<>();
                    for (int round = 0; round < 200; round++) {
                        List<LeasedJob> got = lease(node, 7);
                        if (got.isEmpty()) {
                            break;
                        }
                        got.forEach(l -> mine.add(l.job().id()));
                    }
                    return mine;
                }));
            }
            List<JobId> all = new ArrayList<>();
            for (Future<List<JobId>> f : results) {
                all.addAll(f.get());
            }
            assertThat(all).hasSize(400).doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void successIsStoredWithItsAttempt() {
        JobId id = enqueue(NewJob.builder("work").build());
        LeasedJob leased = lease("a", 1).get(0);

        assertThat(store.heldLeases().finish(List.of(success(leased)))).isEmpty();

        Job job = store.jobs().find(id).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(job.finishedAt()).isPresent();
        assertThat(job.leaseOwner()).isEmpty();
        List<Attempt> attempts = store.jobs().attempts(id);
        assertThat(attempts).hasSize(1);
        assertThat(attempts.get(0).outcome()).isEqualTo(AttemptOutcome.SUCCEEDED);
        assertThat(attempts.get(0).node()).isEqualTo("node-a");
        assertThat(attempts.get(0).output()).contains("done");
    }

    @Test
    void successesStoredTogetherKeepEachAttemptsTimesToTheMicrosecond() {
        JobId first = enqueue(NewJob.builder("work").build());
        JobId second = enqueue(NewJob.builder("work").build());
        List<LeasedJob> leased = lease("a", 2);
        Instant started = Instant.parse("2026-12-07T08:00:00.123456400Z");
        List<FinishedAttempt> done = new ArrayList<>();
        for (int i = 0; i < leased.size(); i++) {
            LeasedJob l = leased.get(i);
            done.add(new FinishedAttempt(l.lease(), l.job().attempts(), "node-a", started.plusSeconds(i),
                    started.plusSeconds(i).plusNanos(1_500_600), AttemptOutcome.SUCCEEDED, JobState.SUCCEEDED, Duration.ZERO,
                    Optional.empty(), Optional.empty()));
        }

        assertThat(store.heldLeases().finish(done)).isEmpty();

        for (JobId id : List.of(first, second)) {
            int i = leased.get(0).job().id().equals(id) ? 0 : 1;
            Attempt attempt = store.jobs().attempts(id).get(0);
            assertThat(attempt.startedAt()).isEqualTo(Instant.parse("2026-12-07T08:00:00.123456Z").plusSeconds(i));
            assertThat(attempt.endedAt()).isEqualTo(Instant.parse("2026-12-07T08:00:00.124957Z").plusSeconds(i));
        }
    }

    @Test
    void aJobThatSucceedsAfterAFailureShowsNoErrorAndKeepsTheFailedAttempt() {
        JobId one = enqueue(NewJob.builder("work").build());
        JobId two = enqueue(NewJob.builder("work").build());
        store.heldLeases().finish(lease("a", 10).stream().map(l -> failure(l, JobState.FAILED, Duration.ZERO)).toList());
        assertThat(store.jobs().find(one).orElseThrow().lastError()).contains("boom");

        // One success alone, then two in one batch: the dialects write them with different statements.
        List<LeasedJob> again = lease("a", 10);
        store.heldLeases().finish(List.of(success(again.get(0))));
        JobId three = enqueue(NewJob.builder("work").build());
        store.heldLeases().finish(List.of(failure(lease("a", 10).get(0), JobState.FAILED, Duration.ZERO)));
        List<LeasedJob> rest = new ArrayList<>(lease("a", 10));
        rest.add(again.get(1));
        store.heldLeases().finish(rest.stream().map(this::success).toList());

        for (JobId id : List.of(one, two, three)) {
            Job job = store.jobs().find(id).orElseThrow();
            assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(job.lastError()).as("lastError of a succeeded job").isEmpty();
            assertThat(store.jobs().attempts(id)).extracting(Attempt::error).containsExactly(Optional.of("boom"), Optional.empty());
        }
    }

    @Test
    void aStaleLeaseTokenIsRefusedAndChangesNothing() {
        JobId id = enqueue(NewJob.builder("work").build());
        LeasedJob leased = lease("a", 1).get(0);
        LeaseRef stale = new LeaseRef(id, leased.lease().leaseToken() - 1);
        FinishedAttempt forged = new FinishedAttempt(stale, 1, "zombie", Instant.now(), Instant.now(),
                AttemptOutcome.SUCCEEDED, JobState.SUCCEEDED, Duration.ZERO, Optional.empty(), Optional.empty());

        assertThat(store.heldLeases().finish(List.of(forged))).containsExactly(id);
        assertThat(store.heldLeases().extend(List.of(stale), LEASE)).containsExactly(id);
        assertThat(store.jobs().find(id).orElseThrow().state()).isEqualTo(JobState.RUNNING);
        assertThat(store.jobs().attempts(id)).isEmpty();
    }

    @Test
    void aFailedAttemptWaitsForItsBackoffOnTheStoreClock() {
        JobId id = enqueue(NewJob.builder("work").build());
        LeasedJob leased = lease("a", 1).get(0);
        Instant before = store.now();

        store.heldLeases().finish(List.of(failure(leased, JobState.FAILED, Duration.ofMinutes(10))));

        Job job = store.jobs().find(id).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.lastError()).contains("boom");
        assertThat(job.runAt()).isAfterOrEqualTo(before.plus(Duration.ofMinutes(10)));
        assertThat(lease("a", 1)).isEmpty();
        assertThat(store.leases().nextDue(TYPES).runAt()).contains(job.runAt());
    }

    @Test
    void aRetryIsLeasedAgainWithTheNextAttemptNumberAndANewToken() {
        JobId id = enqueue(NewJob.builder("work").build());
        LeasedJob first = lease("a", 1).get(0);
        store.heldLeases().finish(List.of(failure(first, JobState.FAILED, Duration.ZERO)));

        LeasedJob second = lease("b", 1).get(0);
        assertThat(second.job().id()).isEqualTo(id);
        assertThat(second.job().attempts()).isEqualTo(2);
        assertThat(second.lease().leaseToken()).isGreaterThan(first.lease().leaseToken());
        store.heldLeases().finish(List.of(failure(second, JobState.DEAD, Duration.ZERO)));

        assertThat(store.jobs().find(id).orElseThrow().state()).isEqualTo(JobState.DEAD);
        assertThat(store.jobs().attempts(id)).extracting(Attempt::number).containsExactly(1, 2);
    }

    @Test
    void heartbeatsExtendHeldLeases() {
        enqueue(NewJob.builder("work").build());
        // Each pause is well past the first lease's end, yet short of the extension's, even on a loaded machine.
        LeasedJob leased = store.leases().lease(new LeaseRequest("a", TYPES, 1, Duration.ofMillis(200))).get(0);
        for (int i = 0; i < 5; i++) {
            assertThat(store.heldLeases().extend(List.of(leased.lease()), Duration.ofMillis(1500))).isEmpty();
            dev.tock.testing.Eventually.sleep(300);
            assertThat(store.heldLeases().reapExpired(10)).isEmpty();
        }
    }

    @Test
    void expiredLeasesAreReapedAndCountedAsAnAttempt() {
        JobId id = enqueue(NewJob.builder("work").build());
        LeasedJob leased = store.leases().lease(new LeaseRequest("ghost", TYPES, 1, Duration.ofMillis(1))).get(0);
        dev.tock.testing.Eventually.sleep(20);

        List<ReapedLease> reaped = store.heldLeases().reapExpired(10);

        assertThat(reaped).containsExactly(new ReapedLease(id, "ghost", 1, JobState.READY));
        assertThat(store.jobs().find(id).orElseThrow().state()).isEqualTo(JobState.READY);
        assertThat(store.jobs().attempts(id)).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo(AttemptOutcome.LEASE_EXPIRED);
            assertThat(a.node()).isEqualTo("ghost");
        });
        // The zombie comes back: everything it tries is refused.
        assertThat(store.heldLeases().finish(List.of(success(leased)))).containsExactly(id);
        assertThat(store.heldLeases().extend(List.of(leased.lease()), LEASE)).containsExactly(id);
        LeasedJob again = lease("b", 1).get(0);
        assertThat(again.job().attempts()).isEqualTo(2);
        assertThat(store.heldLeases().finish(List.of(success(again)))).isEmpty();
        assertThat(store.jobs().attempts(id)).extracting(Attempt::outcome)
                .containsExactly(AttemptOutcome.LEASE_EXPIRED, AttemptOutcome.SUCCEEDED);
    }

    @Test
    void aReapedJobWithNoAttemptsLeftIsDead() {
        JobId id = enqueue(NewJob.builder("work").retry(RetryPolicy.NONE).build());
        store.leases().lease(new LeaseRequest("ghost", TYPES, 1, Duration.ofMillis(1)));
        dev.tock.testing.Eventually.sleep(20);
        assertThat(store.heldLeases().reapExpired(10)).extracting(ReapedLease::newState).containsExactly(JobState.DEAD);
        assertThat(store.jobs().find(id).orElseThrow().state()).isEqualTo(JobState.DEAD);
    }

    @Test
    void releaseReturnsJobsWithoutCountingAnAttempt() {
        JobId id = enqueue(NewJob.builder("work").build());
        LeasedJob leased = lease("a", 1).get(0);
        store.heldLeases().release(List.of(leased.lease()));
        Job job = store.jobs().find(id).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.READY);
        assertThat(job.attempts()).isZero();
        assertThat(lease("b", 1).get(0).job().attempts()).isEqualTo(1);
    }

    @Test
    void cancellingPendingAndRunningJobs() {
        JobId pending = enqueue(NewJob.builder("work").delay(Duration.ofHours(1)).build());
        JobId running = enqueue(NewJob.builder("work").build());
        LeasedJob leased = lease("a", 1).get(0);

        assertThat(store.jobs().cancel(pending)).isEqualTo(new CancelResult(JobState.SCHEDULED, true));
        assertThat(store.jobs().cancel(running)).isEqualTo(new CancelResult(JobState.RUNNING, true));
        assertThat(store.jobs().cancel(running)).isEqualTo(new CancelResult(JobState.CANCELLED, false));

        assertThat(store.jobs().find(running).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
        assertThat(store.jobs().attempts(running)).extracting(Attempt::outcome).containsExactly(AttemptOutcome.CANCELLED);
        assertThat(store.heldLeases().finish(List.of(success(leased)))).containsExactly(running);
        assertThat(store.jobs().find(running).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
        assertThatThrownBy(() -> store.jobs().cancel(new JobId(java.util.UUID.randomUUID())))
                .isInstanceOf(JobNotFoundException.class);
    }

    @Test
    void pausedQueuesAreNotLeasedUntilResumed() {
        store.queues().save(Queue.of("default", "slow").withPaused(true));
        JobId id = enqueue(NewJob.builder("work").queue("slow").build());
        assertThat(lease("a", 10)).isEmpty();
        assertThat(store.queues().find("default", "slow")).hasValueSatisfying(q -> assertThat(q.paused()).isTrue());

        store.queues().save(Queue.of("default", "slow"));
        assertThat(lease("a", 10)).extracting(l -> l.job().id()).containsExactly(id);
    }

    @Test
    void aQueueLimitCapsRunningJobsAcrossLeasers() {
        store.queues().save(Queue.of("default", "narrow").withMaxRunning(2));
        for (int i = 0; i < 5; i++) {
            enqueue(NewJob.builder("work").queue("narrow").build());
        }
        List<LeasedJob> first = lease("a", 10);
        assertThat(first).hasSize(2);
        assertThat(lease("b", 10)).isEmpty();

        store.heldLeases().finish(List.of(success(first.get(0))));
        assertThat(lease("b", 10)).hasSize(1);
        assertThat(store.queues().list("default")).extracting(Queue::name).containsExactly("narrow");
    }

    @Test
    void nextDueIsTheEarliestPendingRunAt() {
        assertThat(store.leases().nextDue(TYPES).runAt()).isEmpty();
        Instant later = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        Instant sooner = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        enqueue(NewJob.builder("work").runAt(later).build());
        enqueue(NewJob.builder("work").runAt(sooner).build());
        enqueue(NewJob.builder("elsewhere").runAt(Instant.now().plusSeconds(5)).build());
        assertThat(store.leases().nextDue(TYPES).runAt()).contains(sooner);
    }

    @Test
    void namespacesAreCreatedOnce() {
        assertThat(store.namespaces().exists("default")).isTrue();
        assertThat(store.namespaces().exists("team-x")).isFalse();
        store.namespaces().create("team-x");
        store.namespaces().create("team-x");
        assertThat(store.namespaces().exists("team-x")).isTrue();
    }

    @Test
    void countsJobsByState() {
        enqueue(NewJob.builder("work").build());
        enqueue(NewJob.builder("work").build());
        enqueue(NewJob.builder("work").delay(Duration.ofHours(1)).build());
        LeasedJob leased = lease("a", 1).get(0);
        store.heldLeases().finish(List.of(success(leased)));
        assertThat(store.jobs().countByState("default"))
                .containsEntry(JobState.SUCCEEDED, 1L)
                .containsEntry(JobState.READY, 1L)
                .containsEntry(JobState.SCHEDULED, 1L)
                .containsEntry(JobState.DEAD, 0L);
    }

    @Test
    void maintenanceRunsBesideLiveWorkAndChangesNoJob() {
        JobId done = enqueue(NewJob.builder("work").build());
        JobId waiting = enqueue(NewJob.builder("work").delay(Duration.ofHours(1)).build());
        store.heldLeases().finish(List.of(success(lease("a", 1).get(0))));

        store.maintain();
        store.maintain();

        assertThat(store.jobs().find(done).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(store.jobs().find(waiting).orElseThrow().state()).isEqualTo(JobState.SCHEDULED);
        assertThat(store.jobs().attempts(done)).extracting(Attempt::outcome).containsExactly(AttemptOutcome.SUCCEEDED);
    }

    @Test
    void aBatchEnqueueIsOneTransaction() {
        List<NewJob> jobs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            jobs.add(NewJob.builder("work").payload("{\"i\":" + i + "}").build());
        }
        List<Enqueued> result = store.jobs().enqueue(jobs);
        Set<JobId> ids = new HashSet<>();
        result.forEach(e -> ids.add(e.id()));
        assertThat(ids).hasSize(1000);
        assertThat(store.jobs().countByState("default").get(JobState.READY)).isEqualTo(1000);
        List<JobId> sorted = new ArrayList<>(ids);
        Collections.sort(sorted);
        assertThat(sorted.get(0).epochMillis()).isLessThanOrEqualTo(System.currentTimeMillis());
    }
    @Test
    void idempotencyKeysDeduplicateWithinABatchAndAgainstStoredJobs() {
        JobId stored = enqueue(NewJob.builder("work").idempotencyKey("old").build());
        List<Enqueued> result = store.jobs().enqueue(List.of(
                NewJob.builder("work").idempotencyKey("twice").payload("{\"n\":1}").build(),
                NewJob.builder("work").build(),
                NewJob.builder("work").idempotencyKey("twice").payload("{\"n\":2}").build(),
                NewJob.builder("work").idempotencyKey("old").build(),
                NewJob.builder("work").idempotencyKey("fresh").build()));

        assertThat(result).extracting(Enqueued::created).containsExactly(true, true, false, false, true);
        assertThat(result.get(2).id()).isEqualTo(result.get(0).id());
        assertThat(result.get(3).id()).isEqualTo(stored);
        assertThat(Set.of(result.get(0).id(), result.get(1).id(), result.get(4).id(), stored)).hasSize(4);
        assertThat(store.jobs().find(result.get(0).id()).orElseThrow().payload()).isEqualTo("{\"n\":1}");
        assertThat(store.jobs().countByState("default").get(JobState.READY)).isEqualTo(4);
    }

    @Test
    void aBatchOfTenThousandStoresEveryFieldOfEveryJob() {
        Instant future = Instant.parse("2031-03-30T01:30:00.123456Z");
        List<NewJob> requests = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            NewJob.Builder b = NewJob.builder(i % 2 == 0 ? "work" : "other").queue("q" + i % 3)
                    .payload("{\"i\":" + i + ",\"s\":\"a \\\"quote\\\", a \\\\ backslash, {braces}, \u00e9 \\ud834\\udd1e\"}")
                    .priority(i % 10 - 5);
            switch (i % 4) {
                case 0 -> b.runAt(future.plusMillis(i));
                case 1 -> b.delay(Duration.ofHours(1));
                case 2 -> b.runAt(Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(60));
                default -> { }
            }
            if (i % 5 == 0) {
                b.idempotencyKey("key-" + i);
            }
            if (i % 2 == 1) {
                b.retry(new RetryPolicy(i % 9 + 1, Duration.ofMillis(i % 500 + 1), Duration.ofSeconds(90), 1.5, 0.25));
            }
            if (i % 3 == 0) {
                b.timeout(Duration.ofSeconds(i % 100 + 1));
            }
            if (i % 2 == 0) {
                b.label("n", "v" + i).label("quoted", "a\"b,c");
            }
            if (i % 7 == 0) {
                b.executor(HOOK);
            }
            if (i % 6 == 0) {
                b.activeDeadline(Duration.ofMinutes(i % 50 + 1));
            }
            if (i % 8 == 0) {
                b.retention(Duration.ofHours(i % 24 + 1));
            }
            if (i % 9 == 0) {
                b.concurrencyKey("tenant-" + i % 4);
            }
            requests.add(b.build());
        }
        Instant before = store.now();

        List<Enqueued> result = store.jobs().enqueue(requests);

        assertThat(result).hasSize(requests.size()).allMatch(Enqueued::created);
        Map<JobId, NewJob> byId = new java.util.HashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            byId.put(result.get(i).id(), requests.get(i));
        }
        assertThat(byId).hasSize(requests.size());
        JobQuery query = JobQuery.builder("default").limit(JobQuery.MAX_LIMIT).build();
        int seen = 0;
        for (JobPage page = store.jobs().list(query); ; page = store.jobs().list(query.withCursor(page.nextCursor().orElseThrow()))) {
            for (Job job : page.jobs()) {
                assertStoredAsRequested(job, byId.get(job.id()), before);
                seen++;
            }
            if (page.nextCursor().isEmpty()) {
                break;
            }
        }
        assertThat(seen).isEqualTo(requests.size());
    }

    @Test
    void aBatchOfAlikeJobsStoresTheFieldsTheyShare() {
        List<NewJob> requests = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            NewJob.Builder b = NewJob.builder("other").queue("alike").payload("{\"i\":" + i + "}").priority(7)
                    .retry(new RetryPolicy(4, Duration.ofMillis(250), Duration.ofSeconds(30), 3.0, 0.5))
                    .timeout(Duration.ofSeconds(12)).label("team", "a\"b").executor(HOOK).activeDeadline(Duration.ofMinutes(3))
                    .retention(Duration.ofHours(2)).concurrencyKey("tenant-1");
            // Half the batch differs in its key, half in nothing but the payload: both statement shapes.
            if (i >= 20) {
                b.idempotencyKey("alike-" + i);
            }
            requests.add(b.build());
        }
        Instant before = store.now();

        List<Enqueued> result = new ArrayList<>(store.jobs().enqueue(requests.subList(0, 20)));
        result.addAll(store.jobs().enqueue(requests.subList(20, 40)));

        assertThat(result).hasSize(40).allMatch(Enqueued::created);
        for (int i = 0; i < 40; i++) {
            assertStoredAsRequested(store.jobs().find(result.get(i).id()).orElseThrow(), requests.get(i), before);
        }
    }

    private void assertStoredAsRequested(Job job, NewJob request, Instant before) {
        assertThat(request).as("job %s was not in the batch", job.id()).isNotNull();
        assertThat(job.namespace()).isEqualTo(request.namespace());
        assertThat(job.queue()).isEqualTo(request.queue());
        assertThat(job.type()).isEqualTo(request.type());
        assertThat(job.payload()).isEqualTo(request.payload());
        assertThat(job.priority()).isEqualTo(request.priority());
        if (request.runAt().isPresent()) {
            assertThat(job.runAt()).isEqualTo(request.runAt().get());
        } else {
            assertThat(job.runAt()).isBetween(before.plus(request.delay()), store.now().plus(request.delay()));
        }
        assertThat(job.state()).isEqualTo(job.runAt().isAfter(store.now()) ? JobState.SCHEDULED : JobState.READY);
        assertThat(job.attempts()).isZero();
        assertThat(job.retryPolicy()).isEqualTo(request.retryPolicy());
        assertThat(job.timeout()).isEqualTo(request.timeout());
        assertThat(job.idempotencyKey()).isEqualTo(request.idempotencyKey());
        assertThat(job.labels()).isEqualTo(request.labels());
        assertThat(job.executor()).isEqualTo(request.executor());
        assertThat(job.activeDeadline()).isEqualTo(request.activeDeadline());
        assertThat(job.retention()).isEqualTo(request.retention());
        assertThat(job.concurrencyKey()).isEqualTo(request.keyAssignment());
        assertThat(job.nominalTime()).isEmpty();
        assertThat(job.leaseOwner()).isEmpty();
    }

    // ---- listing jobs ----------------------------------------------------------------------------

    private static List<JobId> newestFirst(List<JobId> ids) {
        List<JobId> sorted = new ArrayList<>(ids);
        sorted.sort(Collections.reverseOrder());
        return sorted;
    }

    private List<JobId> listed(JobQuery.Builder query) {
        return store.jobs().list(query.limit(JobQuery.MAX_LIMIT).build()).jobs().stream().map(Job::id).toList();
    }

    @Test
    void listsNewestFirstInPagesThatGoOnFromTheCursor() {
        List<JobId> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(enqueue(NewJob.builder("work").build()));
        }
        JobQuery query = JobQuery.builder("default").limit(3).build();

        JobPage first = store.jobs().list(query);
        dev.tock.testing.Eventually.sleep(2);   // ids order by millisecond; within one they are random
        JobId newer = enqueue(NewJob.builder("work").build());
        JobPage second = store.jobs().list(query.withCursor(first.nextCursor().orElseThrow()));
        JobPage last = store.jobs().list(query.withCursor(second.nextCursor().orElseThrow()));

        List<JobId> paged = new ArrayList<>();
        for (JobPage page : List.of(first, second, last)) {
            page.jobs().forEach(j -> paged.add(j.id()));
        }
        assertThat(first.jobs()).hasSize(3);
        assertThat(second.jobs()).hasSize(3);
        assertThat(last.jobs()).hasSize(1);
        assertThat(last.nextCursor()).isEmpty();
        // A job enqueued while paging is newer than the cursor: it shows on a new first page, not a later one.
        assertThat(paged).isEqualTo(newestFirst(ids)).doesNotContain(newer);
        assertThat(store.jobs().list(query).jobs().get(0).id()).isEqualTo(newer);
        assertThat(store.jobs().list(JobQuery.builder("default").limit(8).build()).nextCursor()).isEmpty();
    }

    @Test
    void listingFiltersByStateQueueTypeAndCreationTime() {
        JobId mailReady = enqueue(NewJob.builder("work").queue("mail").build());
        JobId mailLater = enqueue(NewJob.builder("work").queue("mail").delay(Duration.ofHours(1)).build());
        JobId otherType = enqueue(NewJob.builder("other").queue("mail").build());
        Instant between = store.now();
        dev.tock.testing.Eventually.sleep(5);
        JobId batchReady = enqueue(NewJob.builder("work").queue("batch").build());
        store.namespaces().create("team-b");
        enqueue(NewJob.builder("work").namespace("team-b").queue("mail").build());

        assertThat(listed(JobQuery.builder("default").queue("mail")))
                .isEqualTo(newestFirst(List.of(mailReady, mailLater, otherType)));
        assertThat(listed(JobQuery.builder("default").queue("mail").type("work")))
                .isEqualTo(newestFirst(List.of(mailReady, mailLater)));
        assertThat(listed(JobQuery.builder("default").state(JobState.SCHEDULED))).containsExactly(mailLater);
        assertThat(listed(JobQuery.builder("default").state(JobState.SCHEDULED, JobState.READY).type("work")))
                .isEqualTo(newestFirst(List.of(mailReady, mailLater, batchReady)));
        assertThat(listed(JobQuery.builder("default").state(JobState.DEAD))).isEmpty();
        assertThat(listed(JobQuery.builder("default").createdBefore(between)))
                .isEqualTo(newestFirst(List.of(mailReady, mailLater, otherType)));
        assertThat(listed(JobQuery.builder("default").createdFrom(between))).containsExactly(batchReady);
        assertThat(listed(JobQuery.builder("default").queue("nowhere"))).isEmpty();
        assertThat(listed(JobQuery.builder("team-b"))).hasSize(1);
    }

    @Test
    void listingByLabelsMatchesEveryLabelExactly() {
        JobId both = enqueue(NewJob.builder("work").label("team", "billing").label("tier", "gold").build());
        JobId teamOnly = enqueue(NewJob.builder("work").label("team", "billing").build());
        JobId wildcards = enqueue(NewJob.builder("work").label("rate_pct", "50%").label("note", "say \"hi\", ok!").build());
        JobId none = enqueue(NewJob.builder("work").build());
        JobId lookalike = enqueue(NewJob.builder("work").label("xteam", "billing").label("team2", "billing-eu").build());

        assertThat(listed(JobQuery.builder("default").label("team", "billing")))
                .isEqualTo(newestFirst(List.of(both, teamOnly)));
        assertThat(listed(JobQuery.builder("default").label("team", "billing").label("tier", "gold"))).containsExactly(both);
        assertThat(listed(JobQuery.builder("default").label("tier", "silver"))).isEmpty();
        // LIKE wildcards and JSON escapes in keys and values are matched literally.
        assertThat(listed(JobQuery.builder("default").label("rate_pct", "50%"))).containsExactly(wildcards);
        assertThat(listed(JobQuery.builder("default").label("rate_pct", "5%"))).isEmpty();
        assertThat(listed(JobQuery.builder("default").label("rate-pct", "50%"))).isEmpty();
        assertThat(listed(JobQuery.builder("default").label("note", "say \"hi\", ok!"))).containsExactly(wildcards);
        assertThat(listed(JobQuery.builder("default").label("team", ""))).isEmpty();
        assertThat(listed(JobQuery.builder("default"))).contains(none, lookalike);
    }

    @Test
    void listingByScheduleFindsTheJobsItFired() {
        store.schedules().save(dev.tock.schedule.Schedule.of("default", "hourly", "0 * * * *", dev.tock.model.JobTemplate.of("work")));
        Instant nominal = store.now();
        List<dev.tock.schedule.ScheduleFire> fired = store.schedules().recordFires(new FirePlan("default", "hourly", "node-a", List.of(),
                List.of(), List.of(new FirePlan.PlannedFire(nominal, NewJob.builder("work").build())), true, Optional.empty(),
                false));
        enqueue(NewJob.builder("work").build());

        assertThat(listed(JobQuery.builder("default").schedule("hourly"))).containsExactly(fired.get(0).job().orElseThrow());
        assertThat(listed(JobQuery.builder("default").schedule("daily"))).isEmpty();
    }

    @Test
    void listingRefusesBadQueriesNamingTheField() {
        assertThatThrownBy(() -> JobQuery.builder("default").limit(0).build())
                .isInstanceOf(InvalidQueryException.class).extracting("field").isEqualTo("limit");
        assertThatThrownBy(() -> JobQuery.builder("default").limit(JobQuery.MAX_LIMIT + 1).build())
                .isInstanceOf(InvalidQueryException.class).extracting("field").isEqualTo("limit");
        for (String cursor : List.of("", "nope", "AAAAAAAAAAAAAAAAAAAAA!", "AAAAAAAAAAAAAAAAAAAAAB", "AAAAAAAAAAAAAAAAAAAAAAAA")) {
            assertThatThrownBy(() -> JobQuery.builder("default").cursor(cursor).build()).as(cursor)
                    .isInstanceOf(InvalidQueryException.class).extracting("field").isEqualTo("cursor");
        }
        Instant now = Instant.now();
        assertThatThrownBy(() -> JobQuery.builder("default").createdFrom(now).createdBefore(now).build())
                .isInstanceOf(InvalidQueryException.class).extracting("field").isEqualTo("createdBefore");
        assertThatThrownBy(() -> JobQuery.builder("default").queue("Bad Queue").build())
                .isInstanceOf(dev.tock.model.InvalidJobException.class).extracting("field").isEqualTo("queue");
        assertThatThrownBy(() -> JobQuery.builder("default").label("bad key", "v").build())
                .isInstanceOf(dev.tock.model.InvalidJobException.class).extracting("field").isEqualTo("labels");
        assertThatThrownBy(() -> store.jobs().list(JobQuery.of("nope")))
                .isInstanceOf(UnknownNamespaceException.class).extracting("field").isEqualTo("namespace");
        // A well-formed cursor past every job gives an empty last page.
        enqueue(NewJob.builder("work").build());
        String beforeAll = JobCursor.after(new JobId(new java.util.UUID(0x0000_0000_0001_7000L, 0x8000_0000_0000_0000L)));
        assertThat(store.jobs().list(JobQuery.builder("default").cursor(beforeAll).build()))
                .isEqualTo(new JobPage(List.of(), Optional.empty()));
    }

    @Test
    void namespacesAreListedSorted() {
        store.namespaces().create("team-b");
        store.namespaces().create("alpha");
        store.namespaces().create("team-a2");
        assertThat(store.namespaces().list()).containsExactly("alpha", "default", "team-a2", "team-b");
    }

    // ---- retrying by hand ---------------------------------------------------------------------

    @Test
    void aRetriedDeadJobIsReadyAtOnceWithAFreshAttemptBudget() {
        JobId id = enqueue(NewJob.builder("work").retry(RetryPolicy.maxAttempts(2)).build());
        store.heldLeases().finish(List.of(failure(lease("a", 1).get(0), JobState.FAILED, Duration.ZERO)));
        store.heldLeases().finish(List.of(failure(lease("a", 1).get(0), JobState.DEAD, Duration.ZERO)));
        assertThat(store.jobs().find(id).orElseThrow().state()).isEqualTo(JobState.DEAD);

        Job retried = store.jobs().retry(id);

        assertThat(retried.state()).isEqualTo(JobState.READY);
        assertThat(retried.attempts()).isEqualTo(2);
        assertThat(retried.attemptsBeforeRetry()).isEqualTo(2);
        assertThat(retried.attemptsSinceRetry()).isZero();
        assertThat(retried.finishedAt()).isEmpty();
        assertThat(retried.runAt()).isBeforeOrEqualTo(store.now());
        assertThat(store.jobs().find(id)).contains(retried);
        // Attempt numbers go on; the reaper counts only the attempts since the retry against the budget.
        LeasedJob third = store.leases().lease(new LeaseRequest("ghost", TYPES, 1, Duration.ofMillis(1))).get(0);
        assertThat(third.job().attempts()).isEqualTo(3);
        assertThat(third.job().attemptsSinceRetry()).isEqualTo(1);
        dev.tock.testing.Eventually.sleep(20);
        assertThat(store.heldLeases().reapExpired(10)).extracting(ReapedLease::newState).containsExactly(JobState.READY);
        store.leases().lease(new LeaseRequest("ghost", TYPES, 1, Duration.ofMillis(1)));
        dev.tock.testing.Eventually.sleep(20);
        assertThat(store.heldLeases().reapExpired(10)).extracting(ReapedLease::newState).containsExactly(JobState.DEAD);
        assertThat(store.jobs().attempts(id)).extracting(Attempt::number).containsExactly(1, 2, 3, 4);
    }

    @Test
    void aRetriedCancelledJobRunsAgainAndItsOldLeaseStaysRefused() {
        JobId pending = enqueue(NewJob.builder("work").delay(Duration.ofHours(1)).build());
        JobId running = enqueue(NewJob.builder("work").build());
        LeasedJob stale = lease("a", 1).get(0);
        store.jobs().cancel(pending);
        store.jobs().cancel(running);

        assertThat(store.jobs().retry(pending).state()).isEqualTo(JobState.READY);
        assertThat(store.jobs().retry(running).state()).isEqualTo(JobState.READY);

        assertThat(store.heldLeases().finish(List.of(success(stale)))).containsExactly(running);
        assertThat(lease("b", 10)).extracting(l -> l.job().id()).containsExactlyInAnyOrder(pending, running);
        assertThat(store.jobs().attempts(running)).extracting(Attempt::outcome).containsExactly(AttemptOutcome.CANCELLED);
    }

    @Test
    void onlyDeadOrCancelledJobsCanBeRetried() {
        JobId scheduled = enqueue(NewJob.builder("work").delay(Duration.ofHours(1)).build());
        JobId succeeded = enqueue(NewJob.builder("work").build());
        store.heldLeases().finish(List.of(success(lease("a", 1).get(0))));
        JobId running = enqueue(NewJob.builder("work").build());
        lease("a", 1);
        JobId ready = enqueue(NewJob.builder("work").build());
        JobId failed = enqueue(NewJob.builder("work").priority(5).build());
        store.heldLeases().finish(List.of(failure(lease("a", 1).get(0), JobState.FAILED, Duration.ofHours(1))));

        Map<JobId, JobState> expected = Map.of(scheduled, JobState.SCHEDULED, succeeded, JobState.SUCCEEDED,
                running, JobState.RUNNING, ready, JobState.READY, failed, JobState.FAILED);
        expected.forEach((id, state) -> {
            assertThatThrownBy(() -> store.jobs().retry(id)).as(state.toString())
                    .isInstanceOf(JobStateConflictException.class)
                    .hasMessageContaining(state.wireName())
                    .satisfies(e -> assertThat(((JobStateConflictException) e).current()).isEqualTo(state));
            assertThat(store.jobs().find(id).orElseThrow().state()).isEqualTo(state);
        });
        assertThatThrownBy(() -> store.jobs().retry(new JobId(java.util.UUID.randomUUID()))).isInstanceOf(JobNotFoundException.class);
    }
    // ---- queues ---------------------------------------------------------------------------------

    @Test
    void queueStatsCountEachQueuesJobsWithItsSettingsAndStartLag() {
        store.queues().save(Queue.of("default", "narrow").withMaxRunning(2));
        store.queues().save(Queue.of("default", "held").withPaused(true));
        // Of a type the leaser below does not run, so they stay waiting.
        enqueue(NewJob.builder("elsewhere").queue("mail").runAt(store.now().minusSeconds(60)).build());
        enqueue(NewJob.builder("elsewhere").queue("mail").build());
        enqueue(NewJob.builder("elsewhere").queue("mail").delay(Duration.ofHours(1)).build());
        enqueue(NewJob.builder("work").queue("narrow").priority(9).build());
        enqueue(NewJob.builder("work").queue("narrow").priority(8).build());
        store.heldLeases().finish(List.of(success(lease("a", 1).get(0))));
        assertThat(lease("a", 10)).hasSize(1);
        store.namespaces().create("team-b");
        enqueue(NewJob.builder("work").namespace("team-b").queue("elsewhere").build());

        List<QueueStats> stats = store.queues().stats("default");

        assertThat(stats).extracting(q -> q.queue().name()).containsExactly("held", "mail", "narrow");
        QueueStats held = stats.get(0);
        assertThat(held.defined()).isTrue();
        assertThat(held.queue().paused()).isTrue();
        assertThat(held.counts().values()).allMatch(n -> n == 0);
        assertThat(held.startLag()).isEmpty();
        QueueStats mail = stats.get(1);
        assertThat(mail.defined()).isFalse();
        assertThat(mail.queue()).isEqualTo(Queue.of("default", "mail"));
        assertThat(mail.count(JobState.READY)).isEqualTo(2);
        assertThat(mail.count(JobState.SCHEDULED)).isEqualTo(1);
        assertThat(mail.pending()).isEqualTo(3);
        assertThat(mail.startLag()).hasValueSatisfying(lag -> assertThat(lag).isGreaterThanOrEqualTo(Duration.ofSeconds(60)));
        QueueStats limited = stats.get(2);
        assertThat(limited.queue().maxRunning()).hasValue(2);
        assertThat(limited.count(JobState.RUNNING)).isEqualTo(1);
        assertThat(limited.count(JobState.SUCCEEDED)).isEqualTo(1);
        assertThat(limited.pending()).isZero();
        assertThat(limited.startLag()).isEmpty();
        assertThat(store.queues().stats("team-b")).extracting(q -> q.queue().name()).containsExactly("elsewhere");
        assertThatThrownBy(() -> store.queues().stats("nope")).isInstanceOf(UnknownNamespaceException.class);
    }

    @Test
    void startLagIsHowLongTheOldestDueJobHasWaited() {
        store.queues().save(Queue.of("default", "held").withPaused(true));
        Instant due = store.now().minusSeconds(120);
        enqueue(NewJob.builder("work").queue("held").runAt(due).build());
        enqueue(NewJob.builder("work").queue("held").build());
        enqueue(NewJob.builder("work").queue("held").delay(Duration.ofHours(1)).build());
        Instant before = store.now();

        QueueStats held = store.queues().stats("default").get(0);

        assertThat(held.pending()).isEqualTo(3);
        assertThat(held.startLag()).hasValueSatisfying(lag -> assertThat(lag)
                .isBetween(Duration.between(due, before), Duration.between(due, store.now())));
    }

    @Test
    void aQueueCannotBeDeletedWhileJobsWaitOrRunInIt() {
        store.queues().save(Queue.of("default", "mail").withPaused(true).withMaxRunning(3));
        JobId waiting = enqueue(NewJob.builder("work").queue("mail").delay(Duration.ofHours(1)).build());
        assertThatThrownBy(() -> store.queues().delete("default", "mail"))
                .isInstanceOf(QueueNotEmptyException.class)
                .hasMessageContaining("mail")
                .satisfies(e -> assertThat(((QueueNotEmptyException) e).unfinishedJobs()).isEqualTo(1));
        assertThat(store.queues().find("default", "mail")).isPresent();

        store.jobs().cancel(waiting);
        assertThat(store.queues().delete("default", "mail")).isTrue();
        assertThat(store.queues().find("default", "mail")).isEmpty();
        assertThat(store.queues().delete("default", "mail")).isFalse();
        // No longer paused: a new job in it is leased.
        JobId next = enqueue(NewJob.builder("work").queue("mail").build());
        assertThat(lease("a", 10)).extracting(l -> l.job().id()).containsExactly(next);
        assertThatThrownBy(() -> store.queues().delete("default", "mail")).isInstanceOf(QueueNotEmptyException.class);
    }

    @Test
    void runningAndRetryWaitingJobsBlockDeletionAndFinishedOnesDoNot() {
        store.queues().save(Queue.of("default", "busy"));
        enqueue(NewJob.builder("work").queue("busy").build());
        LeasedJob running = lease("a", 1).get(0);
        assertThatThrownBy(() -> store.queues().delete("default", "busy")).isInstanceOf(QueueNotEmptyException.class);
        store.heldLeases().finish(List.of(failure(running, JobState.FAILED, Duration.ofHours(1))));
        assertThatThrownBy(() -> store.queues().delete("default", "busy")).isInstanceOf(QueueNotEmptyException.class);
        store.jobs().cancel(running.job().id());
        enqueue(NewJob.builder("work").queue("busy").build());
        store.heldLeases().finish(List.of(success(lease("a", 1).get(0))));

        assertThat(store.queues().delete("default", "busy")).isTrue();
        assertThat(store.queues().stats("default")).singleElement().satisfies(q -> {
            assertThat(q.defined()).isFalse();
            assertThat(q.count(JobState.SUCCEEDED)).isEqualTo(1);
            assertThat(q.count(JobState.CANCELLED)).isEqualTo(1);
        });
        assertThat(store.queues().delete("default", "never-defined")).isFalse();
        assertThatThrownBy(() -> store.queues().delete("nope", "busy")).isInstanceOf(UnknownNamespaceException.class);
    }
    // ---- dashboard reads and run-now ------------------------------------------------------------

    @Test
    void listingByIdempotencyKeyFindsTheOneJob() {
        JobId keyed = enqueue(NewJob.builder("work").idempotencyKey("order-42").build());
        enqueue(NewJob.builder("work").idempotencyKey("order-43").build());
        enqueue(NewJob.builder("work").build());

        assertThat(listed(JobQuery.builder("default").idempotencyKey("order-42"))).containsExactly(keyed);
        assertThat(listed(JobQuery.builder("default").idempotencyKey("order-44"))).isEmpty();
        assertThatThrownBy(() -> JobQuery.builder("default").idempotencyKey("").build())
                .isInstanceOfSatisfying(InvalidQueryException.class, e -> assertThat(e.field()).isEqualTo("idempotencyKey"));
    }

    @Test
    void runNowMakesAWaitingJobDueAndRefusesRunningAndFinishedOnes() {
        JobId later = enqueue(NewJob.builder("work").delay(Duration.ofHours(1)).build());
        assertThat(lease("a", 10)).isEmpty();

        Job moved = store.jobs().runNow(later);

        assertThat(moved.state()).isEqualTo(JobState.READY);
        assertThat(moved.runAt()).isBeforeOrEqualTo(store.now());
        LeasedJob running = lease("a", 10).get(0);
        assertThat(running.job().id()).isEqualTo(later);
        assertThatThrownBy(() -> store.jobs().runNow(later)).isInstanceOfSatisfying(JobStateConflictException.class,
                e -> assertThat(e.current()).isEqualTo(JobState.RUNNING));
        store.heldLeases().finish(List.of(failure(running, JobState.FAILED, Duration.ofHours(1))));
        assertThat(store.jobs().runNow(later).state()).isEqualTo(JobState.FAILED);
        store.heldLeases().finish(List.of(success(lease("a", 10).get(0))));
        assertThatThrownBy(() -> store.jobs().runNow(later)).isInstanceOf(JobStateConflictException.class);
        assertThatThrownBy(() -> store.jobs().runNow(new JobId(java.util.UUID.randomUUID()))).isInstanceOf(JobNotFoundException.class);
    }

    @Test
    void throughputCountsFinishedJobsAndFailedAttemptsPerBucket() {
        Instant from = store.now().minusSeconds(120);
        for (int i = 0; i < 3; i++) {
            enqueue(NewJob.builder("work").build());
        }
        enqueue(NewJob.builder("other").build());
        List<LeasedJob> leased = lease("a", 10);
        store.heldLeases().finish(List.of(success(leased.get(0)), success(leased.get(1)), failure(leased.get(2), JobState.DEAD, Duration.ZERO),
                failure(leased.get(3), JobState.FAILED, Duration.ofHours(1))));
        store.jobs().cancel(enqueue(NewJob.builder("work").build()));
        store.namespaces().create("team-b");
        enqueue(NewJob.builder("work").namespace("team-b").build());
        store.heldLeases().finish(List.of(success(lease("a", 10).get(0))));

        List<ThroughputBucket> buckets = store.jobs().throughput("default", from, Duration.ofMinutes(1));

        assertThat(buckets).hasSizeBetween(3, 4);
        assertThat(buckets.get(0).start()).isEqualTo(from);
        assertThat(buckets.get(1).start()).isEqualTo(from.plusSeconds(60));
        assertThat(buckets.stream().mapToLong(ThroughputBucket::succeeded).sum()).isEqualTo(2);
        assertThat(buckets.stream().mapToLong(ThroughputBucket::dead).sum()).isEqualTo(1);
        assertThat(buckets.stream().mapToLong(ThroughputBucket::cancelled).sum()).isEqualTo(1);
        assertThat(buckets.stream().mapToLong(ThroughputBucket::failedAttempts).sum()).isEqualTo(2);
        assertThat(buckets.get(0).succeeded() + buckets.get(1).succeeded()).as("nothing finished two minutes ago").isZero();
        assertThat(store.jobs().throughput("team-b", from, Duration.ofMinutes(1)).stream().mapToLong(ThroughputBucket::succeeded).sum())
                .isEqualTo(1);
    }

    @Test
    void recentFailuresAreTheLatestFailedAttemptsOfTheNamespaceNewestFirst() {
        JobId first = enqueue(NewJob.builder("work").queue("mail").build());
        store.heldLeases().finish(List.of(failure(lease("a", 10).get(0), JobState.FAILED, Duration.ZERO)));
        LeasedJob again = lease("a", 10).get(0);
        store.heldLeases().finish(List.of(failure(again, JobState.DEAD, Duration.ZERO)));
        JobId cancelled = enqueue(NewJob.builder("work").build());
        lease("a", 10);
        store.jobs().cancel(cancelled);
        store.namespaces().create("team-b");
        enqueue(NewJob.builder("work").namespace("team-b").build());
        store.heldLeases().finish(List.of(failure(lease("a", 10).get(0), JobState.DEAD, Duration.ZERO)));

        List<RecentFailure> failures = store.jobs().recentFailures("default", 10);

        assertThat(failures).extracting(f -> f.attempt().jobId()).containsExactly(first, first);
        assertThat(failures).extracting(f -> f.attempt().number()).containsExactly(2, 1);
        assertThat(failures.get(0).queue()).isEqualTo("mail");
        assertThat(failures.get(0).type()).isEqualTo("work");
        assertThat(failures.get(0).jobState()).isEqualTo(JobState.DEAD);
        assertThat(failures.get(0).attempt().error()).contains("boom");
        assertThat(store.jobs().recentFailures("default", 1)).hasSize(1);
        assertThat(store.jobs().recentFailures("team-b", 10)).hasSize(1);
    }

    // ---- node registry ----------------------------------------------------------------------------

    @Test
    void heartbeatsRegisterAndRefreshNodesOnTheStoreClock() {
        Instant started = store.now().truncatedTo(ChronoUnit.MILLIS);
        NodeInfo a = new NodeInfo("node-a", Set.of(NodeRole.WORKER, NodeRole.API), "1.2.3", started);
        store.cluster().heartbeat(a);
        store.cluster().heartbeat(new NodeInfo("node-0", Set.of(NodeRole.SCHEDULER), "1.2.3", started));

        List<NodeStatus> nodes = store.cluster().nodes();
        assertThat(nodes).extracting(n -> n.node().id()).containsExactly("node-0", "node-a");
        NodeStatus first = nodes.get(1);
        assertThat(first.node()).isEqualTo(a);
        assertThat(first.lastSeen()).isBetween(started, first.storeNow());
        assertThat(first.sinceLastSeen()).isBetween(Duration.ZERO, Duration.ofSeconds(5));

        dev.tock.testing.Eventually.sleep(5);
        NodeInfo changed = new NodeInfo("node-a", Set.of(NodeRole.API), "1.2.4", started);
        store.cluster().heartbeat(changed);
        NodeStatus again = store.cluster().nodes().get(1);
        assertThat(again.node()).isEqualTo(changed);
        assertThat(again.lastSeen()).isAfter(first.lastSeen());

        store.cluster().remove("node-a");
        store.cluster().remove("never-registered");
        assertThat(store.cluster().nodes()).extracting(n -> n.node().id()).containsExactly("node-0");
        // A node removed while still running comes back at its next heartbeat.
        store.cluster().heartbeat(changed);
        assertThat(store.cluster().nodes()).hasSize(2);
    }

    @Test
    void theLeaseTokenKeyIsMadeOnceAndNeverChanges() {
        byte[] key = store.cluster().leaseTokenKey();
        assertThat(key).hasSize(32).isNotEqualTo(new byte[32]);
        assertThat(store.cluster().leaseTokenKey()).isEqualTo(key);
    }

    @Test
    void maintenanceKeepsNodesSeenWithinTheHour() {
        store.cluster().heartbeat(new NodeInfo("node-a", Set.of(NodeRole.WORKER), "dev", store.now()));
        store.maintain();
        assertThat(store.cluster().nodes()).extracting(n -> n.node().id()).containsExactly("node-a");
    }

    // ---- executors and external workers --------------------------------------------------------

    private static final dev.tock.model.HttpExecutor HOOK = dev.tock.model.HttpExecutor.post("https://hooks.example.com/x")
            .withHeader("Authorization", "Bearer s3cret-token").withTimeout(Duration.ofSeconds(5));

    protected List<LeasedJob> leaseQueue(String worker, String queue, int limit) {
        return store.leases().leaseQueue(new QueueLeaseRequest("default", queue, worker, Optional.empty(), limit, LEASE));
    }

    @Test
    void anExecutorIsStoredWithItsJobSecretsIncluded() {
        JobId hook = enqueue(NewJob.builder("notify").executor(HOOK).build());
        dev.tock.model.CommandExecutor backup = dev.tock.model.CommandExecutor.of("/usr/bin/backup", "--full")
                .withEnv(Map.of("TARGET", "s3://b")).withTimeout(Duration.ofMinutes(5));
        JobId command = enqueue(NewJob.builder("backup").executor(backup).build());

        assertThat(store.jobs().find(hook).orElseThrow().executor()).contains(HOOK);
        assertThat(store.jobs().find(command).orElseThrow().executor()).contains(backup);
        assertThat(store.jobs().find(enqueue(NewJob.builder("work").build())).orElseThrow().executor()).isEmpty();
    }

    @Test
    void executorJobsAreLeasedOnlyByNodesRunningTheirKind() {
        JobId hook = enqueue(NewJob.builder("work").executor(HOOK).build());
        JobId handled = enqueue(NewJob.builder("work").build());

        assertThat(lease("a", 10)).extracting(l -> l.job().id()).containsExactly(handled);
        assertThat(store.leases().nextDue(TYPES).runAt()).isEmpty();
        assertThat(store.leases().nextDue(Set.of(), Set.of("http")).runAt()).isPresent();
        assertThat(store.leases().lease(new LeaseRequest("b", Set.of(), 10, LEASE, Set.of("command")))).isEmpty();
        List<LeasedJob> http = store.leases().lease(new LeaseRequest("b", Set.of(), 10, LEASE, Set.of("http")));
        assertThat(http).extracting(l -> l.job().id()).containsExactly(hook);
        assertThat(http.get(0).job().executor()).contains(HOOK);
    }

    @Test
    void aWorkerLeasesJobsOfItsQueueWithoutExecutorsOfAnyOrSomeTypes() {
        JobId mail = enqueue(NewJob.builder("mail.send").queue("mail").priority(5).build());
        JobId sms = enqueue(NewJob.builder("sms.send").queue("mail").build());
        enqueue(NewJob.builder("mail.send").queue("other").build());
        enqueue(NewJob.builder("mail.send").queue("mail").executor(HOOK).build());
        enqueue(NewJob.builder("mail.send").queue("mail").delay(Duration.ofHours(1)).build());

        List<LeasedJob> typed = store.leases().leaseQueue(new QueueLeaseRequest("default", "mail", "w1", Optional.of(Set.of("sms.send")),
                10, LEASE));
        assertThat(typed).extracting(l -> l.job().id()).containsExactly(sms);
        List<LeasedJob> any = leaseQueue("w2", "mail", 10);
        assertThat(any).extracting(l -> l.job().id()).containsExactly(mail);
        assertThat(any.get(0).job().leaseOwner()).contains("w2");
        assertThat(any.get(0).job().state()).isEqualTo(JobState.RUNNING);
        assertThat(leaseQueue("w3", "mail", 10)).isEmpty();
        QueueLeaseRequest mailQueue = new QueueLeaseRequest("default", "mail", "w3", Optional.empty(), 1, LEASE);
        Instant inAnHour = store.jobs().find(enqueue(NewJob.builder("mail.send").queue("mail").runAt(store.now().plus(Duration.ofHours(1)))
                .build())).orElseThrow().runAt();
        assertThat(store.leases().nextDue(mailQueue).runAt()).as("the earliest, an hour or a bit less ahead").isPresent()
                .hasValueSatisfying(t -> assertThat(t).isBeforeOrEqualTo(inAnHour).isAfter(store.now().plus(Duration.ofMinutes(59))));
        assertThat(store.leases().nextDue(new QueueLeaseRequest("default", "mail", "w3", Optional.of(Set.of("sms.send")), 1, LEASE)).runAt())
                .isEmpty();
        assertThat(store.leases().nextDue(new QueueLeaseRequest("default", "empty", "w3", Optional.empty(), 1, LEASE)).runAt()).isEmpty();
    }

    @Test
    void aWorkerRespectsPausedQueuesAndQueueLimits() {
        store.queues().save(Queue.of("default", "narrow").withMaxRunning(2));
        for (int i = 0; i < 4; i++) {
            enqueue(NewJob.builder("work").queue("narrow").build());
        }
        List<LeasedJob> first = leaseQueue("w1", "narrow", 10);
        assertThat(first).hasSize(2);
        assertThat(leaseQueue("w2", "narrow", 10)).isEmpty();
        store.heldLeases().finish(List.of(success(first.get(0))));
        assertThat(leaseQueue("w2", "narrow", 10)).hasSize(1);

        store.queues().save(Queue.of("default", "narrow").withPaused(true));
        store.heldLeases().finish(List.of(success(first.get(1))));
        assertThat(leaseQueue("w2", "narrow", 10)).isEmpty();
    }

    @Test
    void heldLeasesAreThoseStillHeldUnderTheirToken() {
        JobId a = enqueue(NewJob.builder("work").build());
        JobId b = enqueue(NewJob.builder("work").build());
        enqueue(NewJob.builder("work").build());
        List<LeasedJob> leased = leaseQueue("w1", "default", 2);
        LeaseRef current = leased.get(0).lease();
        LeaseRef stale = new LeaseRef(leased.get(1).lease().jobId(), leased.get(1).lease().leaseToken() - 1);
        LeaseRef unknown = new LeaseRef(JobId.generate(), 1);

        List<LeasedJob> held = store.heldLeases().held(List.of(current, stale, unknown));
        assertThat(held).extracting(h -> h.job().id()).containsExactly(current.jobId());
        assertThat(held.get(0).lease()).isEqualTo(current);
        assertThat(held.get(0).leasedAt()).isEqualTo(leased.get(0).leasedAt());
        assertThat(List.of(a, b)).contains(current.jobId());

        store.heldLeases().finish(List.of(success(leased.get(0))));
        assertThat(store.heldLeases().held(List.of(current))).isEmpty();
        assertThat(store.heldLeases().held(List.of())).isEmpty();
    }

    @Test
    void concurrentSavesOfANewQueueCreateItOnce() throws Exception {
        Queue queue = Queue.of("default", "mail").withMaxRunning(3);
        assertCreatedOnceThenReplaced(() -> store.queues().save(queue));
        assertThat(store.queues().find("default", "mail")).contains(queue);
    }

    @Test
    void concurrentSavesOfANewScheduleCreateItOnce() throws Exception {
        Schedule schedule = Schedule.of("default", "nightly", "0 0 3 * * *", JobTemplate.of("work"));
        assertCreatedOnceThenReplaced(() -> store.schedules().save(schedule));
        assertThat(store.schedules().list("default")).extracting(s -> s.schedule().name()).containsExactly("nightly");
    }

    @Test
    void concurrentSavesOfANewApplySetCreateItOnce() throws Exception {
        ApplySet set = new ApplySet("default", "prod", Set.of("queue/mail"));
        assertCreatedOnceThenReplaced(() -> store.applySets().save(set));
        assertThat(store.applySets().find("default", "prod")).contains(set);
    }

    @Test
    void concurrentCreatesOfANewNamespaceCreateItOnce() throws Exception {
        assertCreatedOnceThenReplaced(() -> store.namespaces().create("team-c"));
        assertThat(store.namespaces().list()).containsExactly("default", "team-c");
    }

    /**
     * Eight threads, started together, save the same new object: exactly one is told it created it and
     * none fails; a later save is told it replaced it.
     */
    private static void assertCreatedOnceThenReplaced(Callable<Boolean> save) throws Exception {
        int threads = 8;
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Boolean>> answers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                answers.add(pool.submit(() -> {
                    ready.countDown();
                    assertThat(go.await(10, TimeUnit.SECONDS)).as("start signal").isTrue();
                    return save.call();
                }));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).as("all savers started").isTrue();
            go.countDown();
            List<Boolean> created = new ArrayList<>();
            for (Future<Boolean> answer : answers) {
                created.add(answer.get(30, TimeUnit.SECONDS)); // a save that threw fails the test here
            }
            assertThat(created).as("what the concurrent saves answered").hasSize(threads).containsOnlyOnce(true);
        } finally {
            pool.shutdownNow();
        }
        assertThat(save.call()).as("a later save replaces").isFalse();
    }
}
