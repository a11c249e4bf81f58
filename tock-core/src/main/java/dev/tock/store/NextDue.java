package dev.tock.store;

import java.time.Instant;
import java.util.Optional;

/**
 * When the earliest pending job falls due, read together with the store's clock so that a node
 * can wait the right length of time even when its own clock is off.
 */
public record NextDue(Optional<Instant> runAt, Instant storeNow) {
}
