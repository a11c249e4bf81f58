package dev.tock.http.dto;

import java.util.List;

/**
 * Gives leases back: {@code POST .../workers/{worker}/release}.
 *
 * @param leases each {@code {"id": ..., "leaseToken": ...}}; may be empty
 * @param stopping the worker is stopping: its lease requests waiting on this server end at once, empty
 * @param instance with {@code stopping}: the run of the worker that stops; its later lease requests return empty too
 */
public record WorkerRelease(List<LeaseReport> leases, Boolean stopping, String instance) {
}
