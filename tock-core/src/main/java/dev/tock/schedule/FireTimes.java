package dev.tock.schedule;

import java.time.Instant;
import java.util.Optional;

/**
 * The fire times of one schedule spec in one zone under one pair of DST rules. Built once per
 * schedule ({@link CronSpec#fireTimes}) and asked at every fire, so the parsing and setup are not
 * repeated a thousand times a second.
 */
@FunctionalInterface
public interface FireTimes {
    /** The first fire instant strictly after {@code after}; empty when the schedule never fires again. */
    Optional<Instant> nextAfter(Instant after);
}
