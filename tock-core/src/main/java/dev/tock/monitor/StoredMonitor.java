package dev.tock.monitor;

import java.time.Instant;

/**
 * A monitor as stored: its spec (JSON), the hash of its ping token, and its times.
 *
 * @param tokenHash hex SHA-256 of the ping token; the token itself is shown once and never stored
 */
public record StoredMonitor(String namespace, String name, String specJson, String tokenHash, Instant createdAt, Instant updatedAt) {
}
