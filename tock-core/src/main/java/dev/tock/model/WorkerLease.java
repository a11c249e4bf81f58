package dev.tock.model;

import java.util.Objects;

/**
 * A lease as an external worker presents it: the job, and the token the job was leased with. The token
 * is opaque to the worker; only a node can tell one it handed out from a forged or an old one, and a
 * token it cannot is simply not held.
 */
public record WorkerLease(JobId jobId, String leaseToken) {
    public WorkerLease {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(leaseToken, "leaseToken");
    }
}
