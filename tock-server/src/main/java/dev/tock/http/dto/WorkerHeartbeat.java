package dev.tock.http.dto;

import java.util.List;

/**
 * Extends every lease a worker holds, and keeps it registered: {@code POST .../workers/{worker}/heartbeat}.
 *
 * @param leases each {@code {"id": ..., "leaseToken": ...}}; may be empty
 * @param leaseDuration the new lease length from now (default the server's lease-duration)
 */
public record WorkerHeartbeat(List<LeaseReport> leases, String leaseDuration) {
}
