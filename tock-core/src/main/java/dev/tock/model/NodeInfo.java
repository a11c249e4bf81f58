package dev.tock.model;

import java.time.Instant;
import java.util.Set;

/**
 * A node as it registers itself in the store.
 *
 * @param id the node's id ({@code node-id})
 * @param version the Tock version it runs ({@link dev.tock.TockVersion})
 * @param startedAt when it started, on the store's clock
 */
public record NodeInfo(String id, Set<NodeRole> roles, String version, Instant startedAt) {
    public static final int MAX_ID_LENGTH = 255;
    public static final int MAX_VERSION_LENGTH = 64;

    public NodeInfo {
        if (id == null || id.isBlank() || id.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("node id must be 1-" + MAX_ID_LENGTH + " characters, was " + id);
        }
        if (version == null || version.isBlank() || version.length() > MAX_VERSION_LENGTH) {
            throw new IllegalArgumentException("node version must be 1-" + MAX_VERSION_LENGTH + " characters, was " + version);
        }
        if (startedAt == null) {
            throw new IllegalArgumentException("node start time is required");
        }
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }
}
