package dev.tock.engine;

import dev.tock.store.HeldLeaseStore;
import dev.tock.store.ReapedLease;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes back leases whose holder stopped heartbeating (crashed, paused, cut off). Every node runs
 * one; the store makes concurrent reapers safe.
 */
final class LeaseReaper implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(LeaseReaper.class);
    private static final int BATCH = 500;
    private static final int MAX_BATCHES_PER_RUN = 20;

    private final String node;
    private final HeldLeaseStore store;
    private final Runnable onReaped;
    private final EngineMetrics metrics;

    LeaseReaper(String node, HeldLeaseStore store, Runnable onReaped, EngineMetrics metrics) {
        this.node = node;
        this.store = store;
        this.onReaped = onReaped;
        this.metrics = metrics;
    }

    @Override
    public void run() {
        for (int i = 0; i < MAX_BATCHES_PER_RUN; i++) {
            List<ReapedLease> reaped = store.reapExpired(BATCH);
            reaped.forEach(this::logReaped);
            metrics.expired(reaped.size());
            if (!reaped.isEmpty()) {
                log.atWarn().addKeyValue("node", node).log("took back {} expired leases (holders stopped heartbeating): {} ready, {} dead",
                        reaped.size(), reaped.stream().filter(r -> r.newState() == dev.tock.model.JobState.READY).count(),
                        reaped.stream().filter(r -> r.newState() == dev.tock.model.JobState.DEAD).count());
                onReaped.run();
            }
            if (reaped.size() < BATCH) {
                return;
            }
        }
    }

    private void logReaped(ReapedLease r) {
        log.atInfo().addKeyValue("job", r.jobId()).addKeyValue("node", node).addKeyValue("formerOwner", r.formerOwner())
                .log("lease of job {} held by {} expired at attempt {}; job is now {}",
                        r.jobId(), r.formerOwner(), r.attempt(), r.newState().wireName());
    }
}
