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

    Optional<RunningJob> get(JobId id) {
        return Optional.ofNullable(byId.get(id));
    }

    int size() {
        return byId.size();
    }

    Collection<RunningJob> all() {
        return byId.values();
    }

    /** The leases to keep alive: every job not yet revoked. */
    List<LeaseRef> heldLeases() {
        List<LeaseRef> leases = new ArrayList<>(byId.size());
        for (RunningJob job : byId.values()) {
            if (job.phase() != RunningJob.Phase.REVOKED) {
                leases.add(job.leased().lease());
            }
        }
        return leases;
    }
}
