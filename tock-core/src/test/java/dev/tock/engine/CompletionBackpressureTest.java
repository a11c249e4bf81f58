package dev.tock.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.config.TockConfig;
import dev.tock.model.Attempt;
import dev.tock.model.CancelResult;
import dev.tock.model.Enqueued;
import dev.tock.model.Job;
import dev.tock.model.JobId;
import dev.tock.model.JobPage;
import dev.tock.model.JobQuery;
import dev.tock.model.JobState;
import dev.tock.model.LeaseRef;
import dev.tock.model.LeasedJob;
import dev.tock.model.NewJob;
import dev.tock.model.NodeInfo;
import dev.tock.model.NodeStatus;
import dev.tock.model.Queue;
import dev.tock.model.QueueStats;
import dev.tock.model.RetryPolicy;
import dev.tock.schedule.Schedule;
import dev.tock.schedule.ScheduleFire;
import dev.tock.schedule.StoredSchedule;
import dev.tock.store.FinishedAttempt;
import dev.tock.store.FirePlan;
import dev.tock.store.JobStore;
import dev.tock.store.LeaseRequest;
import dev.tock.store.NextDue;
import dev.tock.store.ReapedLease;
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
                .config(TockConfig.builder().nodeId("n").workerThreads(4).leaseBatchSize(100).build()).build().start();
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

    /** Hands out JOBS jobs; refuses to store anything until {@link #storing} opens. */
    private static final class SlowStore implements JobStore {
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

        @Override public Instant now() { return Instant.now(); }
        @Override public NextDue nextDue(Set<String> types, Set<String> executors) { return new NextDue(Optional.empty(), Instant.now()); }
        @Override public List<LeasedJob> leaseQueue(dev.tock.model.QueueLeaseRequest request) { return List.of(); }
        @Override public List<LeasedJob> heldLeases(List<LeaseRef> leases) { return List.of(); }
        @Override public NextDue nextDue(dev.tock.model.QueueLeaseRequest request) { return new NextDue(Optional.empty(), Instant.now()); }
        @Override public Set<JobId> extendLeases(List<LeaseRef> leases, Duration duration) { return Set.of(); }
        @Override public List<ReapedLease> reapExpiredLeases(int limit) { return List.of(); }
        @Override public void maintain() { }
        @Override public void addWakeupListener(Runnable listener) { }
        @Override public String kind() { return "slow"; }
        @Override public void close() { }
        @Override public List<Enqueued> enqueue(List<NewJob> jobs) { throw new UnsupportedOperationException(); }
        @Override public void release(List<LeaseRef> leases) { }
        @Override public Optional<Job> find(JobId id) { return Optional.empty(); }
        @Override public List<Attempt> attempts(JobId id) { return List.of(); }
        @Override public CancelResult cancel(JobId id) { throw new UnsupportedOperationException(); }
        @Override public JobPage listJobs(JobQuery query) { return new JobPage(List.of(), Optional.empty()); }
        @Override public Job retry(JobId id) { throw new UnsupportedOperationException(); }
        @Override public List<String> namespaces() { return List.of("default"); }
        @Override public void heartbeatNode(NodeInfo node) { }
        @Override public List<NodeStatus> nodes() { return List.of(); }
        @Override public void removeNode(String nodeId) { }
        @Override public void saveQueue(Queue queue) { throw new UnsupportedOperationException(); }
        @Override public Optional<Queue> findQueue(String namespace, String name) { return Optional.empty(); }
        @Override public List<Queue> queues(String namespace) { return List.of(); }
        @Override public boolean deleteQueue(String namespace, String name) { return false; }
        @Override public List<QueueStats> queueStats(String namespace) { return List.of(); }
        @Override public boolean namespaceExists(String namespace) { return true; }
        @Override public void createNamespace(String namespace) { }
        @Override public Map<JobState, Long> countByState(String namespace) { return Map.of(); }
        @Override public List<dev.tock.model.ThroughputBucket> throughput(String namespace, Instant from, Duration bucket) { return List.of(); }
        @Override public List<dev.tock.model.RecentFailure> recentFailures(String namespace, int limit) { return List.of(); }
        @Override public Job runNow(JobId id) { throw new UnsupportedOperationException(); }
        @Override public void saveSchedule(Schedule schedule) { throw new UnsupportedOperationException(); }
        @Override public Optional<StoredSchedule> findSchedule(String namespace, String name) { return Optional.empty(); }
        @Override public List<StoredSchedule> schedules(String namespace) { return List.of(); }
        @Override public List<StoredSchedule> activeSchedules() { return List.of(); }
        @Override public boolean deleteSchedule(String namespace, String name) { return false; }
        @Override public List<ScheduleFire> recordFires(List<FirePlan> plans) { return List.of(); }
        @Override public int startBufferedRuns() { return 0; }
        @Override public String scheduleRevision() { return ""; }
        @Override public java.util.Optional<dev.tock.model.ApplySet> findApplySet(String ns, String name) { return java.util.Optional.empty(); }
        @Override public List<dev.tock.model.ApplySet> applySets(String ns) { return List.of(); }
        @Override public void saveApplySet(dev.tock.model.ApplySet set) { }
        @Override public boolean deleteApplySet(String ns, String name) { return false; }
        @Override public List<LeasedJob> leaseAhead(LeaseRequest request, java.time.Duration lookahead) { return List.of(); }
        @Override public List<ScheduleFire> fires(String namespace, String schedule, int limit) { return List.of(); }
        @Override public void createToken(dev.tock.security.ApiToken token, String hash) { throw new UnsupportedOperationException(); }
        @Override public Optional<dev.tock.security.StoredToken> findTokenByHash(String hash) { return Optional.empty(); }
        @Override public Optional<dev.tock.security.ApiToken> findToken(String id) { return Optional.empty(); }
        @Override public Optional<dev.tock.security.ApiToken> findTokenByName(String name) { return Optional.empty(); }
        @Override public List<dev.tock.security.ApiToken> tokens() { return List.of(); }
        @Override public boolean revokeToken(String id) { return false; }
        @Override public boolean deleteToken(String id) { return false; }
        @Override public void createSession(dev.tock.security.Session session) { throw new UnsupportedOperationException(); }
        @Override public Optional<dev.tock.security.Session> findSession(String idHash) { return Optional.empty(); }
        @Override public boolean deleteSession(String idHash) { return false; }
        @Override public int deleteExpiredSessions(Instant now) { return 0; }
        @Override public void appendAudit(List<dev.tock.security.AuditEntry> entries) { }
        @Override public List<dev.tock.security.AuditEntry> audit(dev.tock.security.AuditQuery query) { return List.of(); }
        @Override public int deleteAuditBefore(Instant before) { return 0; }
    }
}
