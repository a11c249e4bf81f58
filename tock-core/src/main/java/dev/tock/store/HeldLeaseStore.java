package dev.tock.store;

import dev.tock.model.JobId;
import dev.tock.model.LeaseRef;
import dev.tock.model.LeasedJob;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What happens to a held lease: it is checked, extended, given back, finished with an attempt, or
 * reaped once expired. Every change is conditional on the lease token, so a holder whose lease was
 * taken back changes nothing.
 */
public interface HeldLeaseStore {

    /**
     * The jobs of these leases that are still held under them (running, token current), each with its
     * lease: what an external worker's result is checked against. Leases no longer held are left out.
     */
    List<LeasedJob> held(List<LeaseRef> leases);

    /**
     * Records that the handlers of these held jobs have started, so that they show as
     * {@link dev.tock.model.JobState#RUNNING} rather than {@link dev.tock.model.JobState#LEASED}. A lease no
     * longer held is left alone.
     */
    void recordStarts(List<LeaseRef> leases);

    /**
     * Records the attempts and moves their jobs on, in one transaction.
     *
     * @return the jobs whose lease was no longer held; nothing was written for them
     */
    Set<JobId> finish(List<FinishedAttempt> attempts);

    /**
     * {@link #finish Finishes} the attempts and, in the same transaction, leases to {@code next}'s node up to
     * {@code next.limit()} of the jobs that transaction made ready (a workflow's next steps) that it runs and that
     * are due, in no queue that is paused or limited: the node that freed a worker starts them without a lease
     * round trip of its own. The others wait to be leased like any job. A store may lease none.
     *
     * @param next what the node runs and how many it would start at once
     */
    default Finished finishAndLease(List<FinishedAttempt> attempts, LeaseRequest next) {
        return new Finished(finish(attempts), List.of(), 0);
    }

    /**
     * What {@link #finishAndLease} did.
     *
     * @param refused the jobs whose lease was no longer held; nothing was written for them
     * @param leased the jobs made ready by the attempts and leased to the node, all marked started
     * @param leftReady how many other jobs the attempts made ready, for any node to lease
     */
    record Finished(Set<JobId> refused, List<LeasedJob> leased, int leftReady) {
        public Finished {
            refused = Set.copyOf(refused);
            leased = List.copyOf(leased);
        }
    }

    /**
     * Extends the leases by {@code duration} from the store's clock.
     *
     * @return the leases that are no longer held (expired and reaped, cancelled, or taken by another node)
     */
    Set<JobId> extend(List<LeaseRef> leases, Duration duration);

    /** Gives leases back without counting an attempt, e.g. on shutdown; the jobs become ready. */
    void release(List<LeaseRef> leases);

    /**
     * Takes back up to {@code limit} leases whose expiry has passed, recording each as an attempt that
     * ended {@code lease_expired}. Safe to call from every node at once.
     */
    List<ReapedLease> reapExpired(int limit);
}
