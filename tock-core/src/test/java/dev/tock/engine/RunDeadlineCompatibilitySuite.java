package dev.tock.engine;

import static dev.tock.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.config.TockConfig;
import dev.tock.handler.JobHandler;
import dev.tock.model.Attempt;
import dev.tock.model.AttemptOutcome;
import dev.tock.model.Job;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.model.JobTemplate;
import dev.tock.model.NewJob;
import dev.tock.model.RetryPolicy;
import dev.tock.schedule.Schedule;
import dev.tock.testing.StoreFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The run-level deadline ({@code activeDeadline}, Kubernetes' {@code activeDeadlineSeconds}) on every store: the
 * whole run, across attempts and backoffs, ends dead with {@code DeadlineExceeded} once it passes. Outcomes are
 * asserted, never timings.
 */
public abstract class RunDeadlineCompatibilitySuite extends StoreFixture {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final List<Tock> nodes = new ArrayList<>();

    @Override
    protected void beforeStoreCloses() {
        nodes.forEach(n -> n.stop(Duration.ofSeconds(2)));
    }

    private Tock node(Map<String, JobHandler> handlers) {
        TockConfig config = TockConfig.builder().nodeId("deadline").workerThreads(4).leaseDuration(Duration.ofSeconds(5))
                .heartbeatInterval(Duration.ofSeconds(1)).reaperInterval(Duration.ofMillis(200)).pollInterval(Duration.ofMillis(100)).build();
        Tock.Builder b = Tock.builder().config(config).store(store);
        handlers.forEach(b::handler);
        Tock tock = b.build();
        nodes.add(tock);
        return tock.start();
    }

    private static Job awaitFinished(Tock tock, JobId id) {
        return await(WAIT, "job " + id + " to finish", () -> tock.jobs().get(id),
                j -> j.state() == JobState.DEAD || j.state() == JobState.SUCCEEDED);
    }

    /**
     * The case: 4 attempts, each timing out after 1 s, backoff from 1 s doubling; alone they would take
     * 4 s of attempts plus 7 s of backoff. With a 3 s run deadline the run is stopped in its second or third attempt.
     */
    @Test
    void aRunDeadlineEndsTheJobDeadBeforeItsAttemptsAreUsedUp() {
        Tock tock = node(Map.of("stuck", ctx -> Thread.sleep(60_000)));
        RetryPolicy retry = new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(10), 2.0, 0.0);
        JobId id = tock.jobs().enqueue(NewJob.builder("stuck").timeout(Duration.ofSeconds(1)).retry(retry)
                .activeDeadline(Duration.ofSeconds(3)).build()).id();

        Job dead = awaitFinished(tock, id);

        assertThat(dead.state()).isEqualTo(JobState.DEAD);
        assertThat(dead.lastError()).hasValueSatisfying(e -> assertThat(e).startsWith("DeadlineExceeded: "));
        assertThat(dead.activeDeadline()).contains(Duration.ofSeconds(3));
        assertThat(dead.attempts()).as("the deadline, not the attempts, ended it").isLessThan(4);
        List<Attempt> attempts = tock.jobs().attempts(id);
        assertThat(attempts).hasSize(dead.attempts()).allSatisfy(a -> assertThat(a.outcome()).isEqualTo(AttemptOutcome.TIMED_OUT));
        assertThat(attempts.getLast().error()).hasValueSatisfying(e -> assertThat(e).startsWith("DeadlineExceeded: "));
        assertThat(attempts.getFirst().error()).hasValueSatisfying(e -> assertThat(e).contains("timed out after 1s"));
    }

    /** A job that keeps failing fast is not retried once the next attempt could not start before the deadline. */
    @Test
    void noRetryIsMadeThatCouldNotStartBeforeTheDeadline() {
        AtomicInteger runs = new AtomicInteger();
        Tock tock = node(Map.of("failing", ctx -> {
            runs.incrementAndGet();
            throw new IllegalStateException("always fails");
        }));
        RetryPolicy retry = new RetryPolicy(10, Duration.ofSeconds(1), Duration.ofSeconds(30), 4.0, 0.0);
        JobId id = tock.jobs().enqueue(NewJob.builder("failing").retry(retry).activeDeadline(Duration.ofSeconds(3)).build()).id();

        Job dead = awaitFinished(tock, id);

        assertThat(dead.state()).isEqualTo(JobState.DEAD);
        assertThat(dead.lastError()).hasValueSatisfying(e -> assertThat(e).startsWith("DeadlineExceeded: ").contains("always fails"));
        assertThat(dead.attempts()).as("1 s then 4 s of backoff: the third attempt would start past 3 s").isEqualTo(2);
        assertThat(dead.runStartedAt()).as("the first start was kept for the second attempt").isPresent();
    }

    /** A finished job with a retention (Kubernetes' ttlSecondsAfterFinished) is deleted by store maintenance once it passes. */
    @Test
    void aFinishedJobIsDeletedOnceItsRetentionPasses() {
        Tock tock = node(Map.of("quick", ctx -> { }));
        JobId shortLived = tock.jobs().enqueue(NewJob.builder("quick").retention(Duration.ofMillis(500)).build()).id();
        JobId kept = tock.jobs().enqueue(NewJob.builder("quick").retention(Duration.ofHours(1)).build()).id();
        JobId forever = tock.jobs().enqueue(NewJob.builder("quick").build()).id();
        for (JobId id : List.of(shortLived, kept, forever)) {
            assertThat(awaitFinished(tock, id).state()).isEqualTo(JobState.SUCCEEDED);
        }
        assertThat(tock.jobs().get(kept).retention()).contains(Duration.ofHours(1));

        await(WAIT, "maintenance to delete the job past its retention", () -> {
            store.maintain();
            return tock.jobs().find(shortLived).isEmpty();
        });

        assertThat(tock.jobs().find(kept)).as("within its retention").isPresent();
        assertThat(tock.jobs().find(forever)).as("no retention: kept").isPresent();
    }

    /** Without a deadline nothing changes; a deadline long enough lets the job succeed; a template carries it to each fire. */
    @Test
    void aJobWithinItsDeadlineSucceedsAndTemplatesCarryTheDeadline() {
        AtomicInteger calls = new AtomicInteger();
        Tock tock = node(Map.of("flaky", ctx -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("first try fails");
            }
        }));
        RetryPolicy retry = new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(50), 1.0, 0.0);
        JobId id = tock.jobs().enqueue(NewJob.builder("flaky").retry(retry).activeDeadline(Duration.ofMinutes(5)).build()).id();
        Job done = awaitFinished(tock, id);
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.attempts()).isEqualTo(2);

        Schedule schedule = Schedule.of("default", "migrate", "@daily", JobTemplate.of("flaky").withActiveDeadline(Duration.ofSeconds(300)));
        tock.schedules().save(schedule);
        assertThat(tock.schedules().get("default", "migrate").schedule().template().activeDeadline()).contains(Duration.ofSeconds(300));
        assertThat(schedule.template().toJob("default", java.time.Instant.EPOCH).activeDeadline()).contains(Duration.ofSeconds(300));
    }
}
