package dev.tock.engine;

import dev.tock.model.JobId;
import dev.tock.model.LeaseRef;
import dev.tock.store.HeldLeaseStore;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Extends the leases of every job this node holds. A lease the store no longer honours (reaped,
 * cancelled, taken over) is revoked here: its handler is interrupted and its result will be refused.
 */
final class LeaseHeartbeater implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(LeaseHeartbeater.class);

    private final String node;
    private final HeldLeaseStore store;
    private final RunningJobs running;
    private final Duration leaseDuration;

    LeaseHeartbeater(String node, HeldLeaseStore store, RunningJobs running, Duration leaseDuration) {
        this.node = node;
        this.store = store;
        this.running = running;
        this.leaseDuration = leaseDuration;
    }

    @Override
    public void run() {
        List<LeaseRef> held = running.heldLeases();
        if (held.isEmpty()) {
            return;
        }
        Set<JobId> lost = store.extend(held, leaseDuration);
        for (LeaseRef lease : held) {
            if (!lost.contains(lease.jobId())) {
                continue;
            }
            JobId id = lease.jobId();
            running.get(lease).ifPresent(job -> { // not a later lease of the same job, taken since
                if (job.revoke(RunningJob.Revocation.LEASE_LOST)) {
                    running.remove(lease);
                    log.atWarn().addKeyValue("job", id).addKeyValue("node", node)
                            .log("lease on job {} was lost (expired, cancelled or taken over); handler interrupted", id);
                }
            });
        }
    }
}
