package dev.tock.engine;

/**
 * How many leased jobs a node keeps beyond its busy workers (its prefetch). Fast jobs want a deep
 * window, so that workers never wait for a lease round trip and each round trip brings many jobs;
 * slow jobs want a shallow one, so that a node does not sit on work that idle nodes could run.
 *
 * <p>The window doubles when a full lease (the store had more work) finds workers idle — the last
 * batch ran out before the next arrived — and shrinks by an eighth when jobs were still queued for a
 * worker. It stays between twice the worker count (at least 32, at most the lease batch size) and the
 * lease batch size.
 */
final class LeaseWindow {
    private static final int SMALLEST = 32;

    private final int workers;
    private final int floor;
    private final int ceiling;
    private volatile int size;

    LeaseWindow(int workers, int leaseBatchSize) {
        this.workers = workers;
        this.floor = Math.min(leaseBatchSize, Math.max(SMALLEST, 2 * workers));
        this.ceiling = Math.max(floor, leaseBatchSize);
        this.size = floor;
    }

    /** Adjusts the window before a lease, given the jobs in flight and whether the last lease got all it asked for. */
    void beforeLease(int inFlight, boolean lastLeaseFull) {
        if (inFlight < workers && lastLeaseFull) {
            size = Math.min(ceiling, 2 * size);
        } else if (inFlight > workers) {
            size = Math.max(floor, size - size / 8);
        }
    }

    /** The most jobs this node holds: one per worker plus the window. */
    int maxInFlight() {
        return workers + size;
    }

    /** Leasing again once this few are in flight (half the window free) makes each round trip worthwhile. */
    int refillAt() {
        return maxInFlight() - Math.max(1, size / 2);
    }

    int size() {
        return size;
    }
}
