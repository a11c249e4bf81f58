package dev.tock.model;

import java.time.Instant;
import java.util.Set;

/**
 * A node as it registers itself in the store.
 *
 * @param id the node's id ({@code node-id})
 * @param version the Tock version it runs ({@link dev.tock.TockVersion})
 * @param startedAt when it started, on the store's clock
 * @param handles what it runs: {@link #type handler types}, {@link #executor executor kinds}, and for an
 *     external worker the {@link #queue queues} it leased from
 */
public record NodeInfo(String id, Set<NodeRole> roles, String version, Instant startedAt, Set<String> handles) {
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
        handles = handles == null ? Set.of() : Set.copyOf(handles);
    }

    /** A node whose handlers nobody asked about. */
    public NodeInfo(String id, Set<NodeRole> roles, String version, Instant startedAt) {
        this(id, roles, version, startedAt, Set.of());
    }

    /** The entry of {@link #handles} for a handler of {@code type}. */
    public static String type(String type) {
        return "type:" + type;
    }

    /** The entry of {@link #handles} for an enabled executor kind. */
    public static String executor(String kind) {
        return "executor:" + kind;
    }

    /** The entry of {@link #handles} for a queue an external worker leases from. */
    public static String queue(String namespace, String queue) {
        return "queue:" + namespace + "/" + queue;
    }

    public NodeInfo withHandles(Set<String> value) {
        return new NodeInfo(id, roles, version, startedAt, value);
    }
}
