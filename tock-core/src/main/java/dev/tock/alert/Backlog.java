package dev.tock.alert;

import java.time.Instant;
import java.util.Optional;

/**
 * Due work of a subject that no one has started.
 *
 * @param ready jobs due now and not running
 * @param oldestDue the due time of the oldest of them
 * @param oldestKey that job's id
 * @param lastStart when any job of the subject last started, if ever
 */
public record Backlog(long ready, Optional<Instant> oldestDue, Optional<String> oldestKey, Optional<Instant> lastStart) {
    public static final Backlog NONE = new Backlog(0, Optional.empty(), Optional.empty(), Optional.empty());
}
