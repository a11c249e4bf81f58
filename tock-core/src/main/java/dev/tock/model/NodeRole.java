package dev.tock.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a Tock node does; nodes can be given some roles only, so that each can be scaled on its own. */
public enum NodeRole {
    /** Serves the REST API and dashboard (the server's concern; the engine ignores it). */
    API,
    /** Fires schedules. */
    SCHEDULER,
    /** Leases and runs jobs: dispatcher, lease heartbeats and the reaper of expired leases. */
    WORKER;

    /** Lower-case name as configured, stored and shown in the API. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The role of a lower-case name.
     *
     * @throws IllegalArgumentException naming the known roles when there is no such role
     */
    public static NodeRole fromWireName(String name) {
        for (NodeRole role : values()) {
            if (role.wireName().equals(name)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role \"" + name + "\" (known: "
                + Arrays.stream(values()).map(NodeRole::wireName).collect(Collectors.joining(", ")) + ")");
    }
}
