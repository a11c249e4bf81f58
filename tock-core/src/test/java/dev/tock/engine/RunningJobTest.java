package dev.tock.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.engine.RunningJob.Phase;
import dev.tock.engine.RunningJob.Revocation;
import dev.tock.model.Job;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.model.LeaseRef;
import dev.tock.model.LeasedJob;
import dev.tock.model.RetryPolicy;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RunningJobTest {
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    private final RunningJob running = new RunningJob(leased());

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted(); // never leak an interrupt into the next test
    }

    private static LeasedJob leased() {
        JobId id = JobId.generate(NOW.toEpochMilli());
        Job job = new Job(id, "default", "default", "t", "{}", 0, JobState.RUNNING, NOW, NOW, Optional.empty(), 1,
                RetryPolicy.DEFAULT, Optional.empty(), Optional.empty(), Map.of(), Optional.of("node-1"), Optional.empty());
        return new LeasedJob(job, new LeaseRef(id, 1), NOW, NOW.plusSeconds(30));
    }

    @Test
    void startThenFinishWins() {
        assertThat(running.phase()).isEqualTo(Phase.WAITING);
        assertThat(running.start(Thread.currentThread())).isTrue();
        assertThat(running.phase()).isEqualTo(Phase.RUNNING);
        assertThat(running.finish()).isTrue();
        assertThat(running.phase()).isEqualTo(Phase.FINISHED);
        assertThat(running.revoke(Revocation.CANCELLED)).isFalse();
        assertThat(running.revocation()).isNull();
        assertThat(running.phase()).isEqualTo(Phase.FINISHED);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void revokeBeforeStartMakesStartFail() {
        assertThat(running.revoke(Revocation.SHUTDOWN)).isTrue();
        assertThat(running.start(Thread.currentThread())).isFalse();
        assertThat(running.finish()).isFalse();
        assertThat(running.phase()).isEqualTo(Phase.REVOKED);
        assertThat(running.revocation()).isEqualTo(Revocation.SHUTDOWN);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void revokeWhileRunningInterruptsTheHandlerThread() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Thread handler = new Thread(() -> {
            if (!running.start(Thread.currentThread())) {
                return;
            }
            started.countDown();
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(5));
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        }, "handler");
        handler.start();
        try {
            assertThat(started.await(10, TimeUnit.SECONDS)).as("handler started").isTrue();
            assertThat(running.revoke(Revocation.LEASE_LOST)).isTrue();
            assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("handler interrupted").isTrue();
            assertThat(running.phase()).isEqualTo(Phase.REVOKED);
            assertThat(running.revocation()).isEqualTo(Revocation.LEASE_LOST);
            assertThat(running.finish()).as("finish after revoke").isFalse();
            assertThat(running.revoke(Revocation.CANCELLED)).as("second revoke").isFalse();
            assertThat(running.revocation()).isEqualTo(Revocation.LEASE_LOST);
        } finally {
            handler.interrupt();
            handler.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void revokeAfterFinishReturnsFalse() {
        running.start(Thread.currentThread());
        running.finish();
        assertThat(running.revoke(Revocation.LEASE_LOST)).isFalse();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void timeOutWhileRunningMarksAndInterrupts() {
        running.start(Thread.currentThread());
        running.timeOut();
        assertThat(running.timedOut()).isTrue();
        assertThat(Thread.interrupted()).as("handler thread interrupted").isTrue();
        assertThat(running.phase()).isEqualTo(Phase.RUNNING);
    }

    @Test
    void timeOutBeforeStartDoesNothing() {
        running.timeOut();
        assertThat(running.timedOut()).isFalse();
        assertThat(running.start(Thread.currentThread())).isTrue();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void timeOutAfterFinishOrRevokeDoesNothing() {
        running.start(Thread.currentThread());
        running.finish();
        running.timeOut();
        assertThat(running.timedOut()).isFalse();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();

        RunningJob revoked = new RunningJob(leased());
        revoked.revoke(Revocation.CANCELLED);
        revoked.timeOut();
        assertThat(revoked.timedOut()).isFalse();
    }

    @Test
    void keepsTheLeasedJob() {
        LeasedJob leased = leased();
        assertThat(new RunningJob(leased).leased()).isSameAs(leased);
    }
}
