package dev.tock.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a token may do in the namespaces it is scoped to. {@code ADMIN} covers everything there (and,
 * scoped to {@code *}, the cluster: namespaces, tokens, the audit log); {@code OPERATOR} runs, cancels,
 * retries, triggers, pauses and resumes; {@code VIEWER} reads; {@code WORKER} only leases, heartbeats,
 * completes and fails jobs of its queues.
 */
public enum Role {
    ADMIN, OPERATOR, VIEWER, WORKER;

    /** Lower-case name as stored and shown in the API. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The role of a lower-case name.
     *
     * @throws IllegalArgumentException naming the known roles when there is no such role
     */
    public static Role fromWireName(String name) {
        for (Role role : values()) {
            if (role.wireName().equals(name)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role \"" + name + "\" (known: "
                + Arrays.stream(values()).map(Role::wireName).collect(Collectors.joining(", ")) + ")");
    }
}
