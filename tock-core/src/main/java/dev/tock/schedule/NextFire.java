package dev.tock.schedule;

import java.time.Instant;

/** A schedule's coming nominal time. */
public record NextFire(Schedule schedule, Instant time) {
}
