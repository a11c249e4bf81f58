package dev.tock.engine;

import static dev.tock.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.config.TockConfig;
import dev.tock.handler.JobHandler;
import dev.tock.model.Fairness;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.model.KeySharing;
import dev.tock.model.NewJob;
import dev.tock.model.Queue;
import dev.tock.model.QueueLeaseRequest;
import dev.tock.model.Rate;
import dev.tock.model.RetryPolicy;
import dev.tock.model.Waiting;
import dev.tock.model.Waiting.Reason;
import dev.tock.testing.StoreFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** "Why is it waiting?": each reason a job waits, produced on every store by a real engine. */
public abstract class WaitingCompatibilitySuite extends StoreFixture {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final List<Tock> nodes = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @Override
    protected void beforeStoreCloses() {
        release.countDown();
        nodes.forEach(n -> n.stop(Duration.ofSeconds(2)));
    }

    /** A node running type {@code work} (blocking until the test ends) and {@code fail} (always failing). */
    private Tock node() {
        TockConfig config = TockConfig.builder().nodeId("explainer").workerThreads(4).leaseDuration(Duration.ofSeconds(5))
                .heartbeatInterval(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(100)).build();
        JobHandler blocking = ctx -> release.await();
        JobHandler failing = ctx -> {
            throw new IllegalStateException("boom");
        };
        Tock tock = Tock.builder().config(config).store(store).handler("work", blocking).handler("fail", failing)
                .remoteType("nobody").build();
        nodes.add(tock);
        return tock.start();
    }

    private JobId submit(Tock tock, NewJob.Builder job) {
        return tock.jobs().enqueue(job.build()).id();
    }

    private Waiting awaitWaiting(Tock tock, JobId id, Reason reason) {
        return await(WAIT, "job " + id + " to wait for " + reason, () -> tock.jobs().waiting(id).orElse(null),
                w -> w != null && w.reason() == reason);
    }

    private void awaitRunning(Tock tock, JobId id) {
        await(WAIT, "job " + id + " to run", () -> tock.jobs().get(id).state(), s -> s == JobState.RUNNING);
    }

    @Test
    void aJobDueLaterIsScheduledForLater() {
        Tock tock = node();
        JobId id = submit(tock, NewJob.builder("work").delay(Duration.ofHours(1)));
        Waiting waiting = tock.jobs().waiting(id).orElseThrow();
        assertThat(waiting.reason()).isEqualTo(Reason.SCHEDULED);
        assertThat(waiting.until()).hasValueSatisfying(t -> assertThat(t).isAfter(Instant.now().plus(Duration.ofMinutes(50))));
    }

    @Test
    void aFailedJobWaitsOnItsRetryBackoff() {
        Tock tock = node();
        JobId id = submit(tock, NewJob.builder("fail").retry(new RetryPolicy(3, Duration.ofHours(1), Duration.ofHours(1), 2.0, 0.0)));
        Waiting waiting = awaitWaiting(tock, id, Reason.RETRY_BACKOFF);
        assertThat(waiting.detail()).contains("attempt 1 failed").contains("boom");
        assertThat(waiting.until()).isPresent();
    }

    @Test
    void aJobInAPausedQueueSaysSo() {
        Tock tock = node();
        tock.queues().save(Queue.of("default", "held").withPaused(true));
        JobId id = submit(tock, NewJob.builder("work").queue("held"));
        assertThat(awaitWaiting(tock, id, Reason.QUEUE_PAUSED).detail()).isEqualTo("queue held is paused");
    }

    @Test
    void aJobBehindItsQueuesLimitSaysSo() {
        Tock tock = node();
        tock.queues().save(Queue.of("default", "narrow").withMaxRunning(1));
        awaitRunning(tock, submit(tock, NewJob.builder("work").queue("narrow")));
        JobId second = submit(tock, NewJob.builder("work").queue("narrow"));
        assertThat(awaitWaiting(tock, second, Reason.QUEUE_AT_MAX_RUNNING).detail()).contains("1 of 1 running");
        assertThat(tock.jobs().get(second).attempts()).isZero();
    }

    @Test
    void aJobWhoseKeyIsAtItsLimitSaysSoWithTheCount() {
        Tock tock = node();
        tock.queues().save(Queue.of("default", "tenants").withSharing(
                new KeySharing(OptionalInt.of(1), Map.of(), Optional.empty(), Optional.empty(), Optional.empty())));
        awaitRunning(tock, submit(tock, NewJob.builder("work").queue("tenants").concurrencyKey("acme")));
        JobId second = submit(tock, NewJob.builder("work").queue("tenants").concurrencyKey("acme"));
        JobId other = submit(tock, NewJob.builder("work").queue("tenants").concurrencyKey("globex"));
        awaitRunning(tock, other);
        Waiting waiting = awaitWaiting(tock, second, Reason.KEY_AT_LIMIT);
        assertThat(waiting.detail()).contains("\"acme\"").contains("1 of 1 running");
    }

    @Test
    void aRateLimitedJobSaysWhenItsNextSlotIs() {
        Tock tock = node();
        tock.queues().save(Queue.of("default", "slow").withSharing(new KeySharing(OptionalInt.empty(), Map.of(),
                Optional.of(Rate.parse("rate", "1/h", "burst", 1)), Optional.empty(), Optional.empty())));
        awaitRunning(tock, submit(tock, NewJob.builder("work").queue("slow")));
        JobId second = submit(tock, NewJob.builder("work").queue("slow"));
        Waiting waiting = awaitWaiting(tock, second, Reason.RATE_LIMIT);
        assertThat(waiting.detail()).contains("1/h").contains("next slot at");
        assertThat(waiting.until()).hasValueSatisfying(t -> assertThat(t).isAfter(Instant.now().plus(Duration.ofMinutes(50))));
        assertThat(tock.jobs().get(second).attempts()).isZero();
    }

    @Test
    void aJobOfATypeNothingRunsSaysSoUntilAWorkerLeasesItsQueue() throws Exception {
        Tock tock = node();
        JobId id = submit(tock, NewJob.builder("nobody").queue("remote"));
        Waiting waiting = awaitWaiting(tock, id, Reason.NOT_HANDLED);
        assertThat(waiting.detail()).contains("type nobody").contains("queue remote");

        tock.workers().lease(new QueueLeaseRequest("default", "remote", "w1", Optional.of(Set.of("something-else")), 1,
                Duration.ofSeconds(30)), Duration.ZERO, "test", Optional.empty());
        assertThat(awaitWaiting(tock, id, Reason.DUE).detail()).contains("free to run");
    }

    @Test
    void aDueJobOfAFairQueueWaitsItsTurnWhileOtherKeysHaveDueJobs() throws Exception {
        Tock tock = node();
        tock.queues().save(Queue.of("default", "turns").withSharing(new KeySharing(OptionalInt.empty(), Map.of(), Optional.empty(),
                Optional.empty(), Optional.of(new Fairness(Map.of("gold", 3))))));
        JobId gold = submit(tock, NewJob.builder("nobody").queue("turns").concurrencyKey("gold"));
        // A worker that leases the queue but none of its types: the jobs stay due, and the queue counts as served.
        tock.workers().lease(new QueueLeaseRequest("default", "turns", "w1", Optional.of(Set.of("something-else")), 1,
                Duration.ofSeconds(30)), Duration.ZERO, "test", Optional.empty());
        assertThat(awaitWaiting(tock, gold, Reason.DUE).detail()).contains("free to run");

        submit(tock, NewJob.builder("nobody").queue("turns").concurrencyKey("silver"));
        submit(tock, NewJob.builder("nobody").queue("turns").concurrencyKey("bronze"));
        Waiting waiting = awaitWaiting(tock, gold, Reason.FAIR_TURN);
        assertThat(waiting.detail()).contains("key \"gold\" (weight 3)").contains("2 other keys with due jobs");
        assertThat(waiting.reason().wireName()).isEqualTo("fair-turn");
    }

    @Test
    void aKeyTemplateWithAMissingFieldIsExplained() {
        Tock tock = node();
        tock.queues().save(Queue.of("default", "paused-keys").withPaused(true).withSharing(
                new KeySharing(OptionalInt.empty(), Map.of(), Optional.empty(), Optional.empty(), Optional.of(new Fairness(Map.of())))));
        JobId id = submit(tock, NewJob.builder("work").queue("paused-keys").payload("{}").concurrencyKey("{{payload.tenant}}"));
        assertThat(awaitWaiting(tock, id, Reason.QUEUE_PAUSED).detail()).contains("payload.tenant missing").contains("key \"\"");
    }

    @Test
    void aRunningJobIsNotWaiting() {
        Tock tock = node();
        JobId id = submit(tock, NewJob.builder("work"));
        awaitRunning(tock, id);
        assertThat(tock.jobs().waiting(id)).isEmpty();
    }
}
