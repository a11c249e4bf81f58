package dev.tock.model;

import java.util.OptionalInt;

/**
 * A named lane of work in a namespace. Queues need not be declared: a job may name any queue, and
 * an undeclared queue has no limit and is not paused.
 *
 * @param maxRunning how many of its jobs may run at once across the cluster; empty for no limit
 * @param sharing how its capacity is shared among concurrency keys (per-key limits, rates, fairness)
 */
public record Queue(String namespace, String name, OptionalInt maxRunning, boolean paused, KeySharing sharing) {

    public static final int MAX_RUNNING_LIMIT = 100_000;

    public Queue {
        Names.requireResourceName("namespace", namespace);
        Names.requireResourceName("queue", name);
        maxRunning = maxRunning == null ? OptionalInt.empty() : maxRunning;
        sharing = sharing == null ? KeySharing.NONE : sharing;
        if (maxRunning.isPresent() && (maxRunning.getAsInt() < 1 || maxRunning.getAsInt() > MAX_RUNNING_LIMIT)) {
            throw new InvalidJobException("maxRunning", "must be between 1 and " + MAX_RUNNING_LIMIT + ", was " + maxRunning.getAsInt());
        }
    }

    /** A queue that shares nothing by key. */
    public Queue(String namespace, String name, OptionalInt maxRunning, boolean paused) {
        this(namespace, name, maxRunning, paused, KeySharing.NONE);
    }

    /** An unlimited, running queue. */
    public static Queue of(String namespace, String name) {
        return new Queue(namespace, name, OptionalInt.empty(), false);
    }

    public Queue withMaxRunning(int limit) {
        return new Queue(namespace, name, OptionalInt.of(limit), paused, sharing);
    }

    public Queue withoutLimit() {
        return new Queue(namespace, name, OptionalInt.empty(), paused, sharing);
    }

    public Queue withPaused(boolean value) {
        return new Queue(namespace, name, maxRunning, value, sharing);
    }

    public Queue withSharing(KeySharing value) {
        return new Queue(namespace, name, maxRunning, paused, value);
    }
}
