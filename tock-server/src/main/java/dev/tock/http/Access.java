package dev.tock.http;

/**
 * What a route does, for an {@link AccessPolicy} to decide on: roles scoped to a namespace grant
 * {@code READ} or {@code WRITE}; {@code ADMIN} covers what is not inside one namespace.
 */
public enum Access {
    /** Operations endpoints (health, readiness, the API document): open to everyone. */
    PUBLIC,
    /** Reads inside a namespace. */
    READ,
    /** Changes inside a namespace. */
    WRITE,
    /** Cluster-wide: creating namespaces, the cluster view. */
    ADMIN
}
