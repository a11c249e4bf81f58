package dev.tock.engine;

import dev.tock.model.Job;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.model.LeaseRef;
import dev.tock.model.LeasedJob;
import dev.tock.model.NodeInfo;
import dev.tock.model.NodeStatus;
import dev.tock.model.QueueLeaseRequest;
import dev.tock.model.RetryPolicy;
import dev.tock.store.ApplySetStore;
import dev.tock.store.ClusterStore;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A store for a node with the worker role only, as the engine's tests of the hot path fake it: a test gives its own
 * {@link #lease} and {@link #finish}; the roles a worker never reaches (schedules, queues, security, ...) are absent,
 * and the rest does nothing.
 */
abstract class WorkerOnlyStore implements Store, LeaseStore, HeldLeaseStore, ClusterStore {
    /** A new no-op job of {@code type}, leased to {@code request}'s node for its lease duration from now. */
    static LeasedJob leasedJob(String type, LeaseRequest request) {
        Instant now = Instant.now();
        JobId id = JobId.generate();
        Job job = new Job(id, "default", "default", type, "{}", 0, JobState.RUNNING, now, now, Optional.empty(), 1,
                RetryPolicy.DEFAULT, Optional.empty(), Optional.empty(), Map.of(), Optional.of(request.node()), Optional.empty());
        return new LeasedJob(job, new LeaseRef(id, 1), now, now.plus(request.leaseDuration()));
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
    @Override public String kind() { return "worker-only"; }
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
