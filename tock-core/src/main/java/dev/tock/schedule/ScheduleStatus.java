package dev.tock.schedule;

import java.time.Instant;
import java.util.Optional;

/**
 * Where a schedule stands, in the terms of a Kubernetes CronJob's status: what the
 * {@code tock_schedule_*} metrics and their alert rules read.
 *
 * @param nextFire its next nominal time; empty when suspended or when it never fires again
 */
public record ScheduleStatus(String namespace, String name, boolean suspended, Optional<Instant> nextFire, RunSummary runs) {
}
