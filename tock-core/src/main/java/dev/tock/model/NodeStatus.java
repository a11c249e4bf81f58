package dev.tock.model;

import java.time.Duration;
import java.time.Instant;

/**
 * A registered node and when it was last heard of.
 *
 * @param lastSeen the store's clock at its latest heartbeat
 * @param storeNow the store's clock when this was read, so that {@link #sinceLastSeen()} needs no node clock
 */
public record NodeStatus(NodeInfo node, Instant lastSeen, Instant storeNow) {

    /** How long ago its latest heartbeat was; a node silent for a few heartbeat intervals is likely gone. */
    public Duration sinceLastSeen() {
        return Duration.between(lastSeen, storeNow);
    }
}
