package dev.tock.http;

/**
 * What a route does, for the {@link AccessPolicy} to decide on. With authentication on, every kind
 * but {@code PUBLIC} needs a token (or a dashboard session); which roles each kind admits, in the
 * route's namespace, is decided in one place ({@link RoleAccessPolicy}).
 */
public enum Access {
    /** Operations endpoints (health, readiness, the API document), the login page: open to everyone. */
    PUBLIC,
    /** Any valid token or session, whatever its role: who am I, logout. */
    AUTHENTICATED,
    /** Reads inside a namespace: viewer, operator, admin. */
    READ,
    /** Runs work inside a namespace: enqueue, cancel, retry, trigger, backfill, pause, resume. Operator, admin. */
    OPERATE,
    /** Changes configuration inside a namespace: schedules and queue settings. Admin of the namespace. */
    WRITE,
    /** External workers' routes: lease, heartbeat, complete, fail jobs of the token's queues. Worker, admin. */
    WORK,
    /** Cluster-wide reads (metrics, the cluster view): viewer, operator or admin scoped to every namespace. */
    OBSERVE,
    /** Cluster-wide changes: namespaces, tokens, the audit log. Admin scoped to every namespace. */
    ADMIN
}
