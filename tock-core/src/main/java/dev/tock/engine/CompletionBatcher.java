package dev.tock.engine;

import dev.tock.model.JobId;
import dev.tock.model.LeasedJob;
import dev.tock.store.FinishedAttempt;
import dev.tock.store.HeldLeaseStore;
import dev.tock.store.LeaseRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores finished attempts in groups: whatever finished while the previous group was being written
 * goes in the next transaction (group commit). An attempt not yet written when the process dies is
 * lost with it, and its job runs again once its lease expires: at-least-once, never lost.
 */
final class CompletionBatcher {
    private static final Logger log = LoggerFactory.getLogger(CompletionBatcher.class);
    private static final int MAX_BATCH = 1000;
    private static final long MAX_RETRY_WAIT_MS = 5_000;

    private final HeldLeaseStore store;
    private final RunningJobs running;
    private final Runnable afterFlush;
    private volatile JobDispatcher handOff;
    private final LinkedBlockingQueue<FinishedAttempt> pending = new LinkedBlockingQueue<>();
    private final AtomicInteger backlog = new AtomicInteger();
    private volatile boolean stopping;
    private Thread thread;

    CompletionBatcher(HeldLeaseStore store, RunningJobs running, Runnable afterFlush) {
        this.store = store;
        this.running = running;
        this.afterFlush = afterFlush;
    }

    /**
     * Lets each flush lease to this node the next steps its completions make ready, and starts them through
     * {@code dispatcher}: a hand-off without a lease transaction or a wake-up.
     */
    void handOffTo(JobDispatcher dispatcher) {
        this.handOff = dispatcher;
    }

    void start() {
        thread = Thread.ofPlatform().name("tock-completions").daemon(true).start(this::loop);
    }

    void submit(FinishedAttempt attempt) {
        backlog.incrementAndGet();
        pending.add(attempt);
    }

    /** Attempts submitted and not yet stored. */
    int backlog() {
        return backlog.get();
    }

    /** Writes everything submitted so far, then stops; waits at most {@code timeoutMs}. */
    void stop(long timeoutMs) {
        stopping = true;
        try {
            thread.join(timeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!pending.isEmpty()) {
            log.warn("{} finished attempts could not be stored before shutdown; their jobs will run again after their leases expire",
                    pending.size());
        }
    }

    private void loop() {
        List<FinishedAttempt> batch = new ArrayList<>(MAX_BATCH);
        while (true) {
            FinishedAttempt first;
            try {
                first = pending.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (first == null) {
                if (stopping) {
                    return;
                }
                continue;
            }
            batch.add(first);
            pending.drainTo(batch, MAX_BATCH - 1);
            if (!flushWithRetries(batch)) {
                return;
            }
            batch.clear();
        }
    }

    /** Returns false when shutting down with the store still failing. */
    private boolean flushWithRetries(List<FinishedAttempt> batch) {
        long waitMs = 50;
        while (true) {
            try {
                flush(batch);
                return true;
            } catch (RuntimeException e) {
                if (stopping && waitMs > 1_000) {
                    log.warn("giving up storing {} finished attempts at shutdown", batch.size(), e);
                    pending.addAll(batch);
                    return false;
                }
                log.warn("storing {} finished attempts failed; retrying in {} ms", batch.size(), waitMs, e);
                sleep(waitMs);
                waitMs = Math.min(waitMs * 2, MAX_RETRY_WAIT_MS);
            }
        }
    }

    private void flush(List<FinishedAttempt> batch) {
        Set<JobId> refused;
        List<LeasedJob> handedOff;
        int leftReady;
        markStoring(batch, true);
        try {
            JobDispatcher dispatcher = handOff;
            Optional<LeaseRequest> next = dispatcher == null ? Optional.empty() : dispatcher.handOffRequest();
            if (next.isPresent()) {
                HeldLeaseStore.Finished finished = store.finishAndLease(batch, next.get());
                refused = finished.refused();
                handedOff = finished.leased();
                leftReady = finished.leftReady();
            } else {
                refused = store.finish(batch);
                handedOff = List.of();
                leftReady = 0;
            }
        } catch (RuntimeException e) {
            markStoring(batch, false); // heartbeated again while the write waits to be retried
            throw e;
        }
        if (!handedOff.isEmpty() && !handOff.startHandedOff(handedOff)) {
            giveBack(handedOff);
        }
        for (FinishedAttempt attempt : batch) {
            JobId id = attempt.lease().jobId();
            running.remove(attempt.lease());
            if (refused.contains(id)) {
                log.atWarn().addKeyValue("job", id).addKeyValue("attempt", attempt.attempt())
                        .log("attempt {} of job {} ended {} but its lease was no longer held; result discarded",
                                attempt.attempt(), id, attempt.outcome().wireName());
            }
        }
        // The dispatcher is woken for jobs left to lease, or for the room in the backlog; not for next steps started here.
        if (backlog.addAndGet(-batch.size()) > 0 || handedOff.isEmpty() || leftReady > 0) {
            afterFlush.run();
        }
    }

    /** Leases handed off while this node stopped: the jobs become ready for other nodes at once. */
    private void giveBack(List<LeasedJob> leased) {
        try {
            store.release(leased.stream().map(LeasedJob::lease).toList());
        } catch (RuntimeException e) {
            log.warn("could not give back {} leases at shutdown; their jobs run again once the leases expire", leased.size(), e);
        }
    }

    private void markStoring(List<FinishedAttempt> batch, boolean storing) {
        for (FinishedAttempt attempt : batch) {
            running.get(attempt.lease()).ifPresent(job -> job.storing(storing));
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
