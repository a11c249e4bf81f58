package dev.tock.store;

import dev.tock.model.LeasedJob;
import dev.tock.model.QueueLeaseRequest;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Taking leases on due jobs: the hot path of every worker node and of external workers. Two
 * concurrent calls, from any number of processes, never return the same job. What happens to a lease
 * once held is {@link HeldLeaseStore}'s.
 */
public interface LeaseStore {

    /**
     * Leases due jobs to {@code request.node()}, each with a new lease token: the first
     * {@code request.startsAtOnce()} in lease order come back running, the rest leased (held by the node
     * until a worker of it is free).
     */
    List<LeasedJob> lease(LeaseRequest request);

    /**
     * Leases jobs that are not due yet but fall due within {@code lookahead}, earliest first, so that a
     * node can start them at their time instead of a lease round trip later; they come back leased (held
     * until their time). Only queues without a concurrency limit and not paused are leased ahead; the rest
     * are leased when due.
     */
    List<LeasedJob> leaseAhead(LeaseRequest request, Duration lookahead);

    /**
     * Leases due jobs of one queue to an external worker, the same way: each comes back running, owned by
     * {@code request.worker()}, with a new lease token. Jobs with an executor are never leased this way.
     */
    List<LeasedJob> leaseQueue(QueueLeaseRequest request);

    /**
     * When the next job {@link #leaseQueue} could lease falls due (ignoring pause and limit), if any is
     * pending: how long a waiting worker may sleep.
     */
    NextDue nextDue(QueueLeaseRequest request);

    /** When the next pending job of the given types (without an executor) falls due, if any is pending. */
    default NextDue nextDue(Set<String> types) {
        return nextDue(types, Set.of());
    }

    /**
     * When the next pending job falls due among jobs without an executor of the given types and jobs with
     * an executor of the given kinds, if any is pending.
     */
    NextDue nextDue(Set<String> types, Set<String> executors);
}
