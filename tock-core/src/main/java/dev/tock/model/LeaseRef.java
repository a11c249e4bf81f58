package dev.tock.model;

/**
 * A claim on a running job. {@code leaseToken} is the fencing token: it grows whenever the job is leased
 * and whenever it stops running (finished, reaped, released, cancelled), and every change a worker
 * makes is conditional on it, so a worker whose lease was taken away can no longer change the job.
 * It is the {@code lease_token} column; the API's {@code leaseToken} field carries it together with a
 * mac that makes it unguessable (see {@link WorkerLease}).
 */
public record LeaseRef(JobId jobId, long leaseToken) {
}
