package dev.tock.model;


/**
 * A claim on a running job. {@code token} is the fencing token: it grows whenever the job is leased
 * and whenever it stops running (finished, reaped, released, cancelled), and every change a worker
 * makes is conditional on it, so a worker whose lease was taken away can no longer change the job.
 */
public record LeaseRef(JobId jobId, long token) {
}
