package dev.tock.engine;

import dev.tock.model.JobId;
import dev.tock.model.LeaseRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The jobs this node holds leases on, whether waiting, running, or finished but not yet stored. */
final class RunningJobs {
    private final ConcurrentHashMap<JobId, RunningJob> byId = new ConcurrentHashMap<>();

    void add(RunningJob job) {
        byId.put(job.leased().job().id(), job);
    }

    void remove(JobId id) {
        byId.remove(id);
    }

    /**
     * Forgets the job held under {@code lease}, and not a later attempt of the same job: a job whose lease was
     * taken back while its handler still ran here may be leased here again before that handler ends.
     */
    void remove(LeaseRef lease) {
        byId.computeIfPresent(lease.jobId(), (id, job) -> job.leased().lease().leaseToken() == lease.leaseToken() ? null : job);
    }

    Optional<RunningJob> get(JobId id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The job held under {@code lease}; empty when this node now holds the job under a later lease, or not at all. */
    Optional<RunningJob> get(LeaseRef lease) {
        return get(lease.jobId()).filter(job -> job.leased().lease().leaseToken() == lease.leaseToken());
    }

    int size() {
        return byId.size();
    }

    Collection<RunningJob> all() {
        return byId.values();
    }

    /**
     * The leases to keep alive: every job not yet revoked whose attempt is not being written. A job whose attempt is
     * being written needs none: the write holds its row, which no reaper takes (they skip locked rows).
     */
    List<LeaseRef> heldLeases() {
        List<LeaseRef> leases = new ArrayList<>(byId.size());
        for (RunningJob job : byId.values()) {
            if (job.phase() != RunningJob.Phase.REVOKED && !job.storing()) {
                leases.add(job.leased().lease());
            }
        }
        return leases;
    }
}
