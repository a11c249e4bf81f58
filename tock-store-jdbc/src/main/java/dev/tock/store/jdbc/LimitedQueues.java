package dev.tock.store.jdbc;

import dev.tock.model.Queue;
import java.time.Duration;
import java.util.List;

/**
 * The queues with a concurrency limit or key sharing, and the paused ones, which leasing visits one by one
 * (the paused ones only to park their due jobs, see {@link Dialect#parksJobs}). Read at
 * most every {@link #TTL_NANOS} (other nodes may change them), and at once after this node changed one.
 */
final class LimitedQueues {
    private static final long TTL_NANOS = Duration.ofMillis(500).toNanos();
    private final Transactions tx;
    private volatile List<Queue> queues = List.of();
    private volatile long readAt;
    private volatile boolean stale = true;

    LimitedQueues(Transactions tx) {
        this.tx = tx;
    }

    /** A queue's limit or pause changed: read them again at the next lease. */
    void changed() {
        stale = true;
    }

    List<Queue> get() {
        long now = System.nanoTime();
        if (stale || now - readAt > TTL_NANOS) {
            stale = false;
            queues = List.copyOf(tx.list("reading queue limits",
                    "SELECT * FROM tock_queues WHERE max_running IS NOT NULL OR sharing IS NOT NULL OR paused"
                            + " ORDER BY namespace, name", JobRows::queue));
            readAt = now;
        }
        return queues;
    }
}
