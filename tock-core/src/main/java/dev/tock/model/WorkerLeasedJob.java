package dev.tock.model;

/**
 * A job just leased to an external worker, with the token the worker reports on it with: unlike the
 * fencing token inside {@code leased}, one that nobody can guess.
 */
public record WorkerLeasedJob(LeasedJob leased, String leaseToken) {
}
