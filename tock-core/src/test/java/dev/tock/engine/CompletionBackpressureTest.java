package dev.tock.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.config.TockConfig;
import dev.tock.model.Job;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.model.LeaseRef;
import dev.tock.model.LeasedJob;
import dev.tock.model.NodeInfo;
import dev.tock.model.NodeRole;
import dev.tock.model.NodeStatus;
import dev.tock.model.QueueLeaseRequest;
import dev.tock.model.RetryPolicy;
import dev.tock.store.ApplySetStore;
import dev.tock.store.ClusterStore;
import dev.tock.store.FinishedAttempt;
import dev.tock.store.HeldLeaseStore;
import dev.tock.store.JobStore;
import dev.tock.store.LeaseRequest;
import dev.tock.store.LeaseStore;
import dev.tock.store.NamespaceStore;
import dev.tock.store.NextDue;
import dev.tock.store.QueueStore;
import dev.tock.store.ReapedLease;
import dev.tock.store.ScheduleStore;
import dev.tock.store.SecretStore;
import dev.tock.store.SecurityStore;
import dev.tock.store.Store;
import dev.tock.testing.Eventually;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A node must not lease faster than it can store what it ran, or leases expire while attempts wait. */
class CompletionBackpressureTest {
    private static final int JOBS = 20_000;

    @Test
    void leasingPausesWhileFinishedAttemptsCannotBeStored() {
        SlowStore store = new SlowStore();
        Tock tock = Tock.builder().store(store).handler("t", ctx -> { })
                .config(TockConfig.builder().nodeId("n").roles(NodeRole.WORKER).workerThreads(4).leaseBatchSize(100).build()).build().start();
        try {
            Eventually.await(Duration.ofSeconds(10), "leasing to stall", () -> store.stalledFor(300));
            // The backlog allowed is 4 x (workers + lease batch), at least 1,000, plus the lease in flight.
            assertThat(store.leased.get()).as("jobs leased while no attempt could be stored").isBetween(1, 1_100);

            store.storing.countDown();
            Eventually.await(Duration.ofSeconds(30), "all jobs to be stored", () -> store.stored.get() == JOBS);
            assertThat(store.leased.get()).isEqualTo(JOBS);
        } finally {
            store.storing.countDown();
            tock.stop(Duration.ofSeconds(5));
        }
    }

    /**
     * Hands out JOBS jobs; refuses to store anything until {@link #storing} opens. The node runs with the
     * worker role only, so the roles it never reaches (schedules, queues, security, …) are absent.
     */
    private static final class SlowStore extends WorkerOnlyStore {
        final CountDownLatch storing = new CountDownLatch(1);
        final AtomicInteger leased = new AtomicInteger();
        final AtomicInteger stored = new AtomicInteger();
        private volatile long lastLeaseNanos = System.nanoTime();

        boolean stalledFor(long millis) {
            return leased.get() > 0 && System.nanoTime() - lastLeaseNanos > TimeUnit.MILLISECONDS.toNanos(millis);
        }

        @Override
        public List<LeasedJob> lease(LeaseRequest request) {
            List<LeasedJob> jobs = new ArrayList<>();
            while (jobs.size() < request.limit() && leased.get() < JOBS) {
                leased.incrementAndGet();
                jobs.add(leasedJob("t", request));
            }
            if (!jobs.isEmpty()) {
                lastLeaseNanos = System.nanoTime();
            }
            return jobs;
        }

        @Override
        public Set<JobId> finish(List<FinishedAttempt> attempts) {
            try {
                if (!storing.await(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("test never opened the store");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            stored.addAndGet(attempts.size());
            return Set.of();
        }

    }
}
