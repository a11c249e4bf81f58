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
    private static final class SlowStore implements Store, LeaseStore, HeldLeaseStore, ClusterStore {
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
            Instant now = Instant.now();
            while (jobs.size() < request.limit() && leased.get() < JOBS) {
                leased.incrementAndGet();
                JobId id = JobId.generate();
                Job job = new Job(id, "default", "default", "t", "{}", 0, JobState.RUNNING, now, now, Optional.empty(), 1,
                        RetryPolicy.DEFAULT, Optional.empty(), Optional.empty(), Map.of(), Optional.of(request.node()),
                        Optional.empty());
                jobs.add(new LeasedJob(job, new LeaseRef(id, 1), now, now.plus(request.leaseDuration())));
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

        @Override public LeaseStore leases() { return this; }
        @Override public HeldLeaseStore heldLeases() { return this; }
        @Override public ClusterStore cluster() { return this; }
        @Override public JobStore jobs() { return null; }
        @Override public ScheduleStore schedules() { return null; }
        @Override public QueueStore queues() { return null; }
        @Override public NamespaceStore namespaces() { return null; }
        @Override public SecurityStore security() { return null; }
        @Override public ApplySetStore applySets() { return null; }
        @Override public SecretStore secrets() { return null; }
        @Override public dev.tock.store.AlertStore alerts() { return null; }
        @Override public dev.tock.store.MonitorStore monitors() { return null; }
        @Override public dev.tock.store.WorkflowStore workflows() { return null; }
        @Override public Instant now() { return Instant.now(); }
        @Override public void checkReady() { }
        @Override public void maintain() { }
        @Override public void addWakeupListener(Runnable listener) { }
        @Override public void addRunListener(dev.tock.store.RunListener listener) { }
        @Override public String kind() { return "slow"; }
        @Override public void close() { }
        @Override public NextDue nextDue(Set<String> types, Set<String> executors) { return new NextDue(Optional.empty(), Instant.now()); }
        @Override public List<LeasedJob> leaseQueue(QueueLeaseRequest request) { return List.of(); }
        @Override public NextDue nextDue(QueueLeaseRequest request) { return new NextDue(Optional.empty(), Instant.now()); }
        @Override public List<LeasedJob> leaseAhead(LeaseRequest request, Duration lookahead) { return List.of(); }
        @Override public List<LeasedJob> held(List<LeaseRef> leases) { return List.of(); }
        @Override public Set<JobId> extend(List<LeaseRef> leases, Duration duration) { return Set.of(); }
        @Override public void release(List<LeaseRef> leases) { }
        @Override public void recordStarts(List<LeaseRef> leases) { }
        @Override public List<ReapedLease> reapExpired(int limit) { return List.of(); }
        @Override public void heartbeat(NodeInfo node) { }
        @Override public List<NodeStatus> nodes() { return List.of(); }
        @Override public void remove(String nodeId) { }
        @Override public byte[] leaseTokenKey() { return new byte[32]; }
    }
}
