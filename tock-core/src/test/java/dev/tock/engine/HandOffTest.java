package dev.tock.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.config.TockConfig;
import dev.tock.model.JobId;
import dev.tock.model.LeasedJob;
import dev.tock.model.NodeRole;
import dev.tock.store.FinishedAttempt;
import dev.tock.store.LeaseRequest;
import dev.tock.testing.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A chain of steps, each handed to the node by the transaction that stored the end of the step before it (what a
 * workflow's hand-off does): the node starts each at once, and a worker freed by a step's end does not send the
 * dispatcher to lease, since the store had nothing due when it last looked. Such a lease found nothing and competed,
 * on a small machine, with the very completion that makes the next step.
 */
class HandOffTest {
    private static final int STEPS = 50;

    @Test
    void aChainHandedOffStepByStepRunsWithoutALeaseBetweenItsSteps() {
        ChainStore store = new ChainStore();
        AtomicInteger ran = new AtomicInteger();
        Tock tock = Tock.builder().store(store).handler("step", ctx -> {
                    Thread.sleep(2); // a step that does something, so the dispatcher settles between steps
                    ran.incrementAndGet();
                })
                .config(TockConfig.builder().nodeId("n").roles(NodeRole.WORKER).workerThreads(4)
                        .pollInterval(Duration.ofMinutes(5)).build()).build().start();
        try {
            Eventually.await(Duration.ofSeconds(20), "every step to run", () -> store.finished.get() == STEPS);
            assertThat(ran.get()).isEqualTo(STEPS);
            assertThat(store.handedOff.get()).as("steps handed off").isEqualTo(STEPS - 1);
            // The first lease brings the first step; a few more may start before the dispatcher settles to wait. A
            // dispatcher woken by every freed worker leased about once per hand-off.
            assertThat(store.leases.get()).as("leases over %d hand-offs", STEPS - 1).isLessThanOrEqualTo(5);
        } finally {
            tock.stop(Duration.ofSeconds(5));
        }
    }

    /** Leases the chain's first step once; each step's end hands the next one off to the node that stored it. */
    private static final class ChainStore extends WorkerOnlyStore {
        final AtomicInteger leases = new AtomicInteger();
        final AtomicInteger finished = new AtomicInteger();
        final AtomicInteger handedOff = new AtomicInteger();

        @Override
        public List<LeasedJob> lease(LeaseRequest request) {
            return leases.getAndIncrement() == 0 ? List.of(leasedJob("step", request)) : List.of();
        }

        @Override
        public Set<JobId> finish(List<FinishedAttempt> attempts) {
            finished.addAndGet(attempts.size());
            return Set.of();
        }

        @Override
        public Finished finishAndLease(List<FinishedAttempt> attempts, LeaseRequest next) {
            pause(); // a transaction's time
            Set<JobId> refused = finish(attempts);
            if (finished.get() >= STEPS) {
                return new Finished(refused, List.of(), 0);
            }
            handedOff.incrementAndGet();
            return new Finished(refused, List.of(leasedJob("step", next)), 0);
        }

        private static void pause() {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
