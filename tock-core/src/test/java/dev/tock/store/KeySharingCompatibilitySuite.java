package dev.tock.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.model.AttemptOutcome;
import dev.tock.model.Fairness;
import dev.tock.model.Job;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.model.KeySharing;
import dev.tock.model.KeyUsage;
import dev.tock.model.LeasedJob;
import dev.tock.model.NewJob;
import dev.tock.model.Queue;
import dev.tock.model.QueueLeaseRequest;
import dev.tock.model.Rate;
import dev.tock.testing.StoreFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Concurrency keys as every store must share a queue by them: per-key running limits without
 * head-of-line blocking, rate limits that neither lease nor rewrite a waiting job, weighted fairness,
 * for nodes and external workers alike.
 */
public abstract class KeySharingCompatibilitySuite extends StoreFixture {
    private static final Set<String> TYPES = Set.of("work");
    private static final Duration LEASE = Duration.ofSeconds(30);

    private KeySharing perKey(int limit) {
        return new KeySharing(OptionalInt.of(limit), Map.of(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private void queue(KeySharing sharing) {
        store.queues().save(Queue.of("default", "shared").withSharing(sharing));
    }

    private JobId enqueue(String key, int priority) {
        NewJob.Builder b = NewJob.builder("work").queue("shared").priority(priority);
        if (key != null) {
            b.concurrencyKey(key);
        }
        return store.jobs().enqueue(List.of(b.build())).get(0).id();
    }

    private List<LeasedJob> lease(int limit) {
        return store.leases().lease(new LeaseRequest("node-a", TYPES, limit, LEASE));
    }

    private static Map<String, Integer> byKey(List<LeasedJob> leased) {
        Map<String, Integer> counts = new HashMap<>();
        leased.forEach(l -> counts.merge(l.job().concurrencyKey().key(), 1, Integer::sum));
        return counts;
    }

    private void finish(List<LeasedJob> leased) {
        List<FinishedAttempt> done = new ArrayList<>();
        for (LeasedJob l : leased) {
            done.add(new FinishedAttempt(l.lease(), l.job().attempts(), "node-a", Instant.now(), Instant.now(),
                    AttemptOutcome.SUCCEEDED, JobState.SUCCEEDED, Duration.ZERO, Optional.empty(), Optional.empty()));
        }
        store.heldLeases().finish(done);
    }

    @Test
    void aKeyAtItsLimitDoesNotBlockTheKeysBehindIt() {
        queue(perKey(2));
        List<JobId> big = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            big.add(enqueue("big", 10));
        }
        for (int i = 0; i < 3; i++) {
            enqueue("small", 0);
        }

        List<LeasedJob> first = lease(4);
        assertThat(byKey(first)).containsEntry("big", 2).containsEntry("small", 2);
        assertThat(lease(10)).as("both keys at their limit").isEmpty();
        for (JobId id : big) {
            Job job = store.jobs().find(id).orElseThrow();
            if (job.state() != JobState.LEASED && job.state() != JobState.RUNNING) {
                assertThat(job.attempts()).as("a job held back by its key's limit uses no attempt").isZero();
            }
        }
        assertThat(store.queues().runningByKey("default", "shared", 10)).containsExactly(Map.entry("big", 2L), Map.entry("small", 2L));

        finish(first.stream().filter(l -> l.job().concurrencyKey().key().equals("big")).toList());
        assertThat(byKey(lease(10))).containsExactly(Map.entry("big", 2));
    }

    @Test
    void namedKeysHaveTheirOwnLimitsAndJobsWithoutAKeyShareTheEmptyKey() {
        queue(new KeySharing(OptionalInt.of(1), Map.of("vip", 3), Optional.empty(), Optional.empty(), Optional.empty()));
        for (int i = 0; i < 5; i++) {
            enqueue("vip", 0);
            enqueue("plain", 0);
            enqueue(null, 0);
        }
        assertThat(byKey(lease(20))).containsExactlyInAnyOrderEntriesOf(Map.of("vip", 3, "plain", 1, "", 1));
        KeyUsage usage = store.queues().usage("default", "shared", "vip");
        assertThat(usage.runningForKey()).isEqualTo(3);
        assertThat(usage.runningInQueue()).isEqualTo(5);
    }

    @Test
    void aKeyTemplateTakesItsValueFromThePayloadAndAMissingFieldGivesTheEmptyKeyWithANote() {
        JobId found = store.jobs().enqueue(List.of(NewJob.builder("work").queue("shared").payload("{\"tenant\":\"acme\"}")
                .concurrencyKey("t-{{payload.tenant}}").build())).get(0).id();
        JobId missing = store.jobs().enqueue(List.of(NewJob.builder("work").queue("shared").payload("{\"other\":1}")
                .concurrencyKey("{{payload.tenant}}").build())).get(0).id();

        assertThat(store.jobs().find(found).orElseThrow().concurrencyKey().key()).isEqualTo("t-acme");
        Job noKey = store.jobs().find(missing).orElseThrow();
        assertThat(noKey.concurrencyKey().key()).isEmpty();
        assertThat(noKey.concurrencyKey().note()).hasValueSatisfying(n -> assertThat(n).contains("payload.tenant missing"));
    }

    @Test
    void aRateLimitedJobWaitsUnleasedAndUnchanged() {
        queue(new KeySharing(OptionalInt.empty(), Map.of(), Optional.of(Rate.parse("rate", "1/h", "burst", 3)),
                Optional.empty(), Optional.empty()));
        List<JobId> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(enqueue("k", 0));
        }
        Map<JobId, Job> before = new HashMap<>();
        ids.forEach(id -> before.put(id, store.jobs().find(id).orElseThrow()));

        assertThat(lease(10)).as("the burst").hasSize(3);
        assertThat(lease(10)).as("no slot for an hour").isEmpty();
        long waiting = 0;
        for (JobId id : ids) {
            Job job = store.jobs().find(id).orElseThrow();
            if (job.state() == JobState.READY) {
                waiting++;
                assertThat(job.attempts()).isZero();
                assertThat(job.runAt()).isEqualTo(before.get(id).runAt());
            }
        }
        assertThat(waiting).isEqualTo(2);
        KeyUsage usage = store.queues().usage("default", "shared", "k");
        assertThat(usage.queueRateTat()).hasValueSatisfying(t -> assertThat(t).isAfter(usage.now().plus(Duration.ofMinutes(150))));
    }

    @Test
    void aKeyOverItsRateWaitsWhileOtherKeysGoOn() {
        queue(new KeySharing(OptionalInt.empty(), Map.of(), Optional.empty(), Optional.of(Rate.parse("rate", "1/h", "burst", 2)),
                Optional.empty()));
        for (int i = 0; i < 4; i++) {
            enqueue("fast", 5);
            enqueue("other", 0);
        }
        assertThat(byKey(lease(3))).containsEntry("fast", 2).containsEntry("other", 1);
        assertThat(byKey(lease(10))).containsOnlyKeys("other").containsEntry("other", 1);
        store.maintain();
        assertThat(lease(10)).as("maintenance keeps the state of keys still over their rate").isEmpty();
    }

    @Test
    void fairnessTakesFromEveryKeyWithDueWorkInProportionToItsWeight() {
        queue(new KeySharing(OptionalInt.empty(), Map.of(), Optional.empty(), Optional.empty(),
                Optional.of(new Fairness(Map.of("gold", 3)))));
        for (int i = 0; i < 200; i++) {
            enqueue("flood", 0);
        }
        for (int i = 0; i < 40; i++) {
            enqueue("gold", 0);
            enqueue("small", 0);
        }
        Map<String, Integer> total = new HashMap<>();
        for (int round = 0; round < 10; round++) {
            List<LeasedJob> leased = lease(5);
            byKey(leased).forEach((k, n) -> total.merge(k, n, Integer::sum));
            finish(leased);
            if (round == 5) {
                store.maintain();
            }
        }
        assertThat(total.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(50);
        assertThat(total.get("gold")).as("weight 3 of 5").isBetween(28, 32);
        assertThat(total.get("small")).isBetween(9, 11);
        assertThat(total.get("flood")).isBetween(9, 11);
    }

    @Test
    void priorityStillOrdersJobsWithinAKeyUnderFairness() {
        queue(new KeySharing(OptionalInt.empty(), Map.of(), Optional.empty(), Optional.empty(), Optional.of(new Fairness(Map.of()))));
        enqueue("a", 0);
        JobId urgent = enqueue("a", 50);
        enqueue("b", 0);
        List<LeasedJob> leased = lease(2);
        assertThat(byKey(leased)).containsEntry("a", 1).containsEntry("b", 1);
        assertThat(leased.stream().map(l -> l.job().id())).contains(urgent);
    }

    @Test
    void externalWorkersAreHeldToTheSameKeyLimits() {
        queue(perKey(1));
        for (int i = 0; i < 3; i++) {
            enqueue("x", 0);
            enqueue("y", 0);
        }
        List<LeasedJob> first = store.leases().leaseQueue(new QueueLeaseRequest("default", "shared", "w1", Optional.empty(), 10, LEASE));
        assertThat(byKey(first)).containsExactlyInAnyOrderEntriesOf(Map.of("x", 1, "y", 1));
        assertThat(lease(10)).as("a node sees the worker's running jobs").isEmpty();
        assertThat(store.leases().leaseQueue(new QueueLeaseRequest("default", "shared", "w2", Optional.empty(), 10, LEASE))).isEmpty();
    }

    @Test
    void jobsHeldBackByALimitGoBackToTheUnlimitedLeaseWhenTheLimitGoes() {
        queue(perKey(1));
        for (int i = 0; i < 3; i++) {
            enqueue("x", 0);
        }
        assertThat(lease(10)).hasSize(1);
        assertThat(lease(10)).as("held back by the key's limit").isEmpty();

        queue(KeySharing.NONE);
        assertThat(lease(10)).as("the queue has no limit left: its waiting jobs are leased like any others").hasSize(2);
    }

    @Test
    void aJobCancelledWhileHeldBackIsLeasedOnceRetriedAfterTheLimitWent() {
        queue(perKey(1));
        enqueue("x", 0);
        JobId waiting = enqueue("x", 0);
        assertThat(lease(10)).hasSize(1);
        store.jobs().cancel(waiting);
        queue(KeySharing.NONE);

        store.jobs().retry(waiting);
        assertThat(lease(10)).extracting(l -> l.job().id()).containsExactly(waiting);
    }

    @Test
    void externalWorkersFindTheJobsANodesLeaseHeldBack() {
        queue(perKey(1));
        for (int i = 0; i < 2; i++) {
            enqueue("x", 0);
            enqueue("y", 0);
        }
        List<LeasedJob> first = lease(10);
        assertThat(byKey(first)).containsExactlyInAnyOrderEntriesOf(Map.of("x", 1, "y", 1));
        finish(first);

        QueueLeaseRequest worker = new QueueLeaseRequest("default", "shared", "w1", Optional.empty(), 10, LEASE);
        NextDue next = store.leases().nextDue(worker);
        assertThat(next.runAt()).as("held-back jobs are due").hasValueSatisfying(at -> assertThat(at).isBeforeOrEqualTo(next.storeNow()));
        assertThat(byKey(store.leases().leaseQueue(worker))).containsExactlyInAnyOrderEntriesOf(Map.of("x", 1, "y", 1));
    }

    @Test
    void sharingSettingsAreStoredWithTheQueue() {
        KeySharing sharing = new KeySharing(OptionalInt.of(2), Map.of("big", 10), Optional.of(Rate.parse("rate", "100/s", "burst", 20)),
                Optional.of(Rate.parse("rate", "10/m", "burst", 1)), Optional.of(new Fairness(Map.of("gold", 3))));
        queue(sharing);
        assertThat(store.queues().find("default", "shared").orElseThrow().sharing()).isEqualTo(sharing);
        queue(KeySharing.NONE);
        assertThat(store.queues().find("default", "shared").orElseThrow().sharing().isNone()).isTrue();
        assertThat(store.queues().delete("default", "shared")).isTrue();
    }
}
