package dev.tock.http.dto;

import java.util.List;

/**
 * The jobs whose leases were no longer the worker's: expired and taken back, cancelled, or leased
 * again. A heartbeat's lost jobs should be abandoned; a refused result was not recorded.
 */
public record RefusedLeases(List<String> refused) {
}
