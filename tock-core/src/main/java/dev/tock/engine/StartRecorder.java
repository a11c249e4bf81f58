package dev.tock.engine;

import dev.tock.model.JobState;
import dev.tock.model.LeaseRef;
import dev.tock.store.HeldLeaseStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records, in batches, that the handlers of jobs this node held have started, so that the store shows them
 * running rather than leased. A job leased while a worker was free was stored as running by its lease;
 * only jobs held first (prefetched beyond the free workers, or leased ahead of their time) come here. And
 * only those still running {@link #RECORD_AFTER} after their start are written: a job that ends sooner
 * goes from leased straight to its end, so fast jobs — the hot path — cost no write at all, and a node
 * writes at most one start per worker per {@code RECORD_AFTER}, batched.
 */
final class StartRecorder implements Runnable {
    /** How long a held job's handler runs before its start is recorded; it shows leased until then. */
    static final Duration RECORD_AFTER = Duration.ofMillis(200);
    /** How often the recorder looks; a start is recorded between RECORD_AFTER and RECORD_AFTER + INTERVAL after it. */
    static final Duration INTERVAL = Duration.ofMillis(100);
    private static final Logger log = LoggerFactory.getLogger(StartRecorder.class);

    private final String node;
    private final HeldLeaseStore store;
    private final ConcurrentLinkedQueue<RunningJob> started = new ConcurrentLinkedQueue<>();

    StartRecorder(String node, HeldLeaseStore store) {
        this.node = node;
        this.store = store;
    }

    /** Called on the handler's thread as it starts a job; only jobs the store shows as leased are kept. */
    void started(RunningJob job) {
        if (job.leased().job().state() == JobState.LEASED) {
            started.add(job);
        }
    }

    @Override
    public void run() {
        long now = System.nanoTime();
        List<RunningJob> due = new ArrayList<>();
        List<RunningJob> young = new ArrayList<>();
        RunningJob job;
        while ((job = started.poll()) != null) {
            if (job.phase() != RunningJob.Phase.RUNNING) {
                continue; // finished, cancelled or revoked: nothing to record
            }
            (now - job.startedNanos() >= RECORD_AFTER.toNanos() ? due : young).add(job);
        }
        started.addAll(young);
        if (due.isEmpty()) {
            return;
        }
        List<LeaseRef> leases = due.stream().map(j -> j.leased().lease()).toList();
        try {
            store.recordStarts(leases);
        } catch (RuntimeException e) {
            started.addAll(due);
            log.atWarn().addKeyValue("node", node).log("could not record that {} held jobs started; trying again: {}",
                    leases.size(), e.getMessage());
        }
    }
}
