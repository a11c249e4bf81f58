package dev.tock.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tock.model.AttemptOutcome;
import dev.tock.model.CancelResult;
import dev.tock.model.Enqueued;
import dev.tock.model.Job;
import dev.tock.model.JobId;
import dev.tock.model.JobQuery;
import dev.tock.model.JobState;
import dev.tock.model.JobStateConflictException;
import dev.tock.model.LeasedJob;
import dev.tock.model.NewJob;
import dev.tock.model.RetryPolicy;
import dev.tock.testing.StoreFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What every store keeps of finished jobs, wherever it keeps them: a store that moves them out of the unfinished
 * work into a history (PostgreSQL) reads, counts, lists, retries and deduplicates them as before the move. A store's
 * test supplies one that moves finished jobs at once when maintained.
 */
public abstract class JobHistoryCompatibilitySuite extends StoreFixture {
    private static final Set<String> TYPES = Set.of("work");

    private List<LeasedJob> lease(int limit) {
        return store.leases().lease(new LeaseRequest("node-a", TYPES, limit, Duration.ofSeconds(30)));
    }

    private void end(LeasedJob leased, AttemptOutcome outcome, JobState next) {
        boolean ok = outcome == AttemptOutcome.SUCCEEDED;
        store.heldLeases().finish(List.of(new FinishedAttempt(leased.lease(), leased.job().attempts(), "node-a", Instant.now(),
                Instant.now(), outcome, next, Duration.ZERO, ok ? Optional.empty() : Optional.of("boom"),
                Optional.of(ok ? "done" : "tried"))));
    }

    /** One job of each end (succeeded; dead after a failed attempt; cancelled) and one waiting for its time. */
    private Map<String, JobId> jobsOfEveryEnd() {
        JobId succeeded = store.jobs().enqueue(List.of(NewJob.builder("work").payload("{\"n\":1}").build())).get(0).id();
        end(lease(1).get(0), AttemptOutcome.SUCCEEDED, JobState.SUCCEEDED);
        JobId dead = store.jobs().enqueue(List.of(NewJob.builder("work").retry(RetryPolicy.maxAttempts(2)
                .withBackoff(Duration.ZERO, Duration.ZERO)).build())).get(0).id();
        end(lease(1).get(0), AttemptOutcome.FAILED, JobState.FAILED);
        end(lease(1).get(0), AttemptOutcome.FAILED, JobState.DEAD);
        JobId cancelled = store.jobs().enqueue(List.of(NewJob.builder("work").build())).get(0).id();
        store.jobs().cancel(cancelled);
        JobId waiting = store.jobs().enqueue(List.of(NewJob.builder("work").runAt(Instant.now().plus(Duration.ofHours(1))).build()))
                .get(0).id();
        return Map.of("succeeded", succeeded, "dead", dead, "cancelled", cancelled, "waiting", waiting);
    }

    @Test
    void finishedJobsReadTheSameOnceMaintenanceMovedThem() {
        Map<String, JobId> jobs = jobsOfEveryEnd();
        Map<JobId, Job> before = new java.util.HashMap<>();
        Map<JobId, List<dev.tock.model.Attempt>> attemptsBefore = new java.util.HashMap<>();
        jobs.values().forEach(id -> {
            before.put(id, store.jobs().find(id).orElseThrow());
            attemptsBefore.put(id, store.jobs().attempts(id));
        });
        Map<JobState, Long> countsBefore = store.jobs().countByState("default");
        List<JobId> listedBefore = store.jobs().list(JobQuery.of("default")).jobs().stream().map(Job::id).toList();
        List<JobId> deadBefore = store.jobs().list(JobQuery.builder("default").state(JobState.DEAD).build()).jobs().stream()
                .map(Job::id).toList();

        store.maintain();

        jobs.values().forEach(id -> {
            assertThat(store.jobs().find(id)).contains(before.get(id));
            assertThat(store.jobs().attempts(id)).isEqualTo(attemptsBefore.get(id));
        });
        assertThat(attemptsBefore.get(jobs.get("dead"))).extracting(dev.tock.model.Attempt::outcome)
                .containsExactly(AttemptOutcome.FAILED, AttemptOutcome.FAILED);
        assertThat(attemptsBefore.get(jobs.get("succeeded"))).extracting(dev.tock.model.Attempt::output)
                .containsExactly(Optional.of("done"));
        assertThat(store.jobs().countByState("default")).isEqualTo(countsBefore);
        assertThat(store.jobs().list(JobQuery.of("default")).jobs()).extracting(Job::id).isEqualTo(listedBefore).hasSize(4);
        assertThat(store.jobs().list(JobQuery.builder("default").state(JobState.DEAD).build()).jobs()).extracting(Job::id)
                .isEqualTo(deadBefore).containsExactly(jobs.get("dead"));
        assertThat(store.jobs().recentFailures("default", 10)).hasSize(2);
    }

    @Test
    void throughputAndQueueCountsCountMovedJobsOnce() {
        jobsOfEveryEnd();
        Instant from = Instant.now().minus(Duration.ofMinutes(10));
        long[] before = totals(store.jobs().throughput("default", from, Duration.ofMinutes(1)));
        Map<JobState, Long> queueBefore = store.queues().stats("default").get(0).counts();

        store.maintain();

        assertThat(before).containsExactly(1, 1, 1, 2);
        assertThat(totals(store.jobs().throughput("default", from, Duration.ofMinutes(1)))).containsExactly(before);
        assertThat(store.queues().stats("default").get(0).counts()).isEqualTo(queueBefore)
                .containsEntry(JobState.SUCCEEDED, 1L).containsEntry(JobState.DEAD, 1L);
    }

    private static long[] totals(List<dev.tock.model.ThroughputBucket> buckets) {
        long[] t = new long[4];
        for (var b : buckets) {
            t[0] += b.succeeded();
            t[1] += b.dead();
            t[2] += b.cancelled();
            t[3] += b.failedAttempts();
        }
        return t;
    }

    @Test
    void aKeyStaysTakenWhileItsJobIsInTheHistory() {
        Enqueued first = store.jobs().enqueue(List.of(NewJob.builder("work").idempotencyKey("once").build())).get(0);
        end(lease(1).get(0), AttemptOutcome.SUCCEEDED, JobState.SUCCEEDED);
        store.maintain();

        assertThat(store.jobs().enqueue(List.of(NewJob.builder("work").idempotencyKey("once").build())))
                .containsExactly(new Enqueued(first.id(), false));
        List<Enqueued> batch = store.jobs().enqueue(List.of(NewJob.builder("work").idempotencyKey("once").build(),
                NewJob.builder("work").idempotencyKey("twice").build(), NewJob.builder("work").build()));
        assertThat(batch.get(0)).isEqualTo(new Enqueued(first.id(), false));
        assertThat(batch.get(1).created()).isTrue();
        assertThat(batch.get(2).created()).isTrue();
        assertThat(store.jobs().countByState("default")).containsEntry(JobState.READY, 2L).containsEntry(JobState.SUCCEEDED, 1L);
    }

    @Test
    void aDeadJobInTheHistoryIsRetriedAndRunsAgain() {
        Map<String, JobId> jobs = jobsOfEveryEnd();
        store.maintain();

        Job retried = store.jobs().retry(jobs.get("dead"));
        assertThat(retried.state()).isEqualTo(JobState.READY);
        assertThat(lease(10)).extracting(l -> l.job().id()).containsExactly(jobs.get("dead"));
        assertThat(store.jobs().attempts(jobs.get("dead"))).hasSize(2);

        assertThatThrownBy(() -> store.jobs().retry(jobs.get("succeeded"))).isInstanceOf(JobStateConflictException.class);
        assertThat(store.jobs().find(jobs.get("succeeded")).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
        assertThatThrownBy(() -> store.jobs().runNow(jobs.get("cancelled"))).isInstanceOf(JobStateConflictException.class);
        assertThat(store.jobs().cancel(jobs.get("succeeded"))).isEqualTo(new CancelResult(JobState.SUCCEEDED, false));
    }

    @Test
    void aRetriedJobThatEndsAgainMovesAgain() {
        Map<String, JobId> jobs = jobsOfEveryEnd();
        store.maintain();
        store.jobs().retry(jobs.get("cancelled"));
        end(lease(1).get(0), AttemptOutcome.SUCCEEDED, JobState.SUCCEEDED);
        store.maintain();

        assertThat(store.jobs().find(jobs.get("cancelled")).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(store.jobs().list(JobQuery.of("default")).jobs()).extracting(Job::id).doesNotHaveDuplicates().hasSize(4);
        assertThat(store.jobs().countByState("default")).containsEntry(JobState.SUCCEEDED, 2L).containsEntry(JobState.CANCELLED, 0L);
    }
}
