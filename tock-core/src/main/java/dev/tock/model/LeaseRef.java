package dev.tock.model;

/**
 * A claim on a running job. {@code leaseToken} is the fencing token: it grows whenever the job is leased
 * and whenever it stops running (finished, reaped, released, cancelled), and every change a worker
 * makes is conditional on it, so a worker whose lease was taken away can no longer change the job.
 * The same name is used in every layer: the API's {@code leaseToken} field and the {@code lease_token}
 * column.
 */
public record LeaseRef(JobId jobId, long leaseToken) {
}
